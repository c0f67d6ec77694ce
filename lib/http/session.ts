import type { SnapshotLabel } from '@/lib/history/snapshot';

/** What a caller may do: an operator changes things, a viewer only looks. */
export type Role = 'operator' | 'viewer';

/** Body of `GET /api/session`: who the page is, so it can hide what it may not use. */
export interface SessionInfo {
  role: Role;
  readonly: boolean;
  /** True when this role may change things right now. */
  canMutate: boolean;
  /** Set when the server shows a snapshot file (`--snapshot FILE`), with no engine. */
  snapshot?: SnapshotLabel;
}
