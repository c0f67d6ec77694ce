import type { Role } from './session';

/** One request to change something or start a process, and what came of it. */
export interface AuditEntry {
  time: string;
  /** Who asked; `anonymous` only for refusals before any token was checked. */
  role: Role | 'anonymous';
  action: string;
  /** The id (or name) the request named; for a creation, the new object's id. */
  target: string;
  /** The target's name when the server knew it (creations), so it reads after the object is gone. */
  targetName?: string;
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
