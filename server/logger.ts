import type { LogLevel } from './config';

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

// NOTE: whatever a caller passes, these never reach the log in clear.
const SECRET_KEY = /token|secret|password|passwd|authorization|cookie|api_?key|private_?key/i;

function redact(fields: LogFields): LogFields {
  const out: LogFields = {};
  for (const [key, value] of Object.entries(fields)) {
    if (SECRET_KEY.test(key)) out[key] = '[redacted]';
    else if (value instanceof Error) out[key] = { name: value.name, message: value.message };
    else out[key] = value;
  }
  return out;
}

/** Structured logs: one JSON line per event, with a level, on stdout (errors on stderr). */
export function createLogger(
  level: LogLevel,
  base: LogFields = {},
  write: (line: string, level: LogLevel) => void = defaultWrite,
): Logger {
  const emit = (at: LogLevel, msg: string, fields?: LogFields) => {
    if (ORDER[at] < ORDER[level]) return;
    const record = {
      time: new Date().toISOString(),
      level: at,
      msg,
      ...redact({ ...base, ...fields }),
    };
    write(JSON.stringify(record), at);
  };
  return {
    debug: (msg, fields) => emit('debug', msg, fields),
    info: (msg, fields) => emit('info', msg, fields),
    warn: (msg, fields) => emit('warn', msg, fields),
    error: (msg, fields) => emit('error', msg, fields),
    child: (fields) => createLogger(level, { ...base, ...fields }, write),
  };
}

function defaultWrite(line: string, level: LogLevel) {
  (level === 'error' ? process.stderr : process.stdout).write(`${line}\n`);
}
