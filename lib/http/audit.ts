import type { Role } from './session';

/** One request to change something or start a process, and what came of it. */
export interface AuditEntry {
  time: string;
  /** Who asked; `anonymous` only for refusals before any token was checked. */
  role: Role | 'anonymous';
  action: string;
  target: string;
  status: number;
  result: 'ok' | 'refused' | 'failed';
  error?: string;
  /** The page it came from, when a browser said (Origin), for refusals. */
  origin?: string;
  /** Where the browser said the request came from (`Sec-Fetch-Site`), when it said. */
  site?: string;
  /** Identical refusals from one client collapsed into this entry (≥ 2), up to `until`. */
  count?: number;
  until?: string;
}

/** Body of `GET /api/audit`. */
export interface AuditAnswer {
  entries: AuditEntry[];
}
