import fs from 'node:fs';
import path from 'node:path';

import type { Role } from '@/lib/http/session';

/** One change someone asked for, and what came of it. */
export interface AuditEntry {
  time: string;
  role: Role;
  action: string;
  target: string;
  status: number;
  result: 'ok' | 'refused' | 'failed';
  error?: string;
}

/**
 * Every mutation, appended as one JSON line to `audit.jsonl` in the state folder (mode 0600),
 * and the most recent ones kept in memory for the UI.
 */
export function createAuditLog(stateDir: string, keep = 500) {
  const file = path.join(stateDir, 'audit.jsonl');
  fs.mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  const recent: AuditEntry[] = [];
  try {
    const lines = fs.readFileSync(file, 'utf8').trim().split('\n').slice(-keep);
    for (const line of lines) if (line) recent.push(JSON.parse(line) as AuditEntry);
  } catch {
    // no audit yet
  }
  return {
    file,
    record(entry: AuditEntry) {
      recent.push(entry);
      if (recent.length > keep) recent.shift();
      fs.appendFileSync(file, `${JSON.stringify(entry)}\n`, { mode: 0o600 });
    },
    recent: (): readonly AuditEntry[] => recent,
  };
}

export type AuditLog = ReturnType<typeof createAuditLog>;
