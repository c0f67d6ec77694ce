import fs from 'node:fs';
import path from 'node:path';

import type { AuditEntry } from '@/lib/http/audit';

export type { AuditEntry } from '@/lib/http/audit';

interface Options {
  /** Accepted requests kept in memory for the UI. */
  keep?: number;
  /** Refusals kept in memory, apart, so a flood of them cannot push changes out. */
  keepRefusals?: number;
  /** Identical refusals from one client within this window become one entry with a count. */
  collapseMs?: number;
  /** The file is rotated to `audit.jsonl.1` past this size. */
  maxFileBytes?: number;
  /** Also hands every line written to the file here (the server: stdout, as a JSON log line). */
  mirror?: (entry: AuditEntry) => void;
  now?: () => number;
}

interface OpenRun {
  entry: AuditEntry;
  firstAt: number;
}

/**
 * Every change and live check, appended as one JSON line to `audit.jsonl` in the state folder
 * (mode 0600), mirrored (the server writes it to stdout, where `docker service logs` gathers the
 * replicas' lines), and the most recent kept in memory for the UI. Writes are queued and never block
 * a request. Refusals are collapsed per client (one line, then one line with the count when the
 * run ends), and callers rate-limit them before they get here, so the log stays bounded.
 */
export function createAuditLog(
  stateDir: string,
  {
    keep = 500,
    keepRefusals = 200,
    collapseMs = 60_000,
    maxFileBytes = 16 * 1024 * 1024,
    mirror,
    now = Date.now,
  }: Options = {},
) {
  const file = path.join(stateDir, 'audit.jsonl');
  fs.mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  const accepted: AuditEntry[] = [];
  const refused: AuditEntry[] = [];
  let bytes = 0;
  try {
    const text = fs.readFileSync(file, 'utf8');
    bytes = Buffer.byteLength(text);
    for (const line of text
      .trim()
      .split('\n')
      .slice(-(keep + keepRefusals))) {
      if (!line) continue;
      const entry = JSON.parse(line) as AuditEntry;
      (entry.result === 'refused' ? refused : accepted).push(entry);
    }
  } catch {
    // no audit yet
  }
  trim(accepted, keep);
  trim(refused, keepRefusals);

  let queue: Promise<void> = Promise.resolve();
  const append = (entry: AuditEntry) => {
    const line = `${JSON.stringify(entry)}\n`;
    mirror?.({ ...entry });
    queue = queue
      .then(async () => {
        if (bytes + line.length > maxFileBytes) {
          await fs.promises.rename(file, `${file}.1`).catch(() => undefined);
          bytes = 0;
        }
        await fs.promises.appendFile(file, line, { mode: 0o600 });
        bytes += Buffer.byteLength(line);
      })
      .catch(() => undefined);
  };

  const runs = new Map<string, OpenRun>();
  /** Closes runs older than the window: their count goes to the file as one more line. */
  const closeRuns = (all = false) => {
    const time = now();
    for (const [key, run] of runs) {
      if (!all && time - run.firstAt < collapseMs) continue;
      runs.delete(key);
      if ((run.entry.count ?? 1) > 1) append(run.entry);
    }
  };
  const sweeper = setInterval(() => closeRuns(), collapseMs);
  sweeper.unref();

  return {
    file,
    /** An accepted request's outcome (which may still be a refusal by the engine or the rules). */
    record(entry: AuditEntry) {
      accepted.push(entry);
      trim(accepted, keep);
      append(entry);
    },
    /** A refusal by access control or a rate limit, collapsed per `client` and action. */
    refusal(entry: AuditEntry, client: string) {
      closeRuns();
      const key = `${client}\u0000${entry.action}\u0000${entry.status}`;
      const run = runs.get(key);
      if (run) {
        run.entry.count = (run.entry.count ?? 1) + 1;
        run.entry.until = entry.time;
        return;
      }
      const copy = { ...entry };
      runs.set(key, { entry: copy, firstAt: now() });
      refused.push(copy);
      trim(refused, keepRefusals);
      append(copy);
    },
    /** Accepted and refused entries, oldest first. */
    recent(): readonly AuditEntry[] {
      return [...accepted, ...refused].sort((a, b) => a.time.localeCompare(b.time));
    },
    /** Writes what is pending (open runs included); for shutdown and tests. */
    async flush() {
      closeRuns(true);
      await queue;
    },
    stop() {
      clearInterval(sweeper);
    },
  };
}

function trim(entries: AuditEntry[], keep: number) {
  if (entries.length > keep) entries.splice(0, entries.length - keep);
}

export type AuditLog = ReturnType<typeof createAuditLog>;
