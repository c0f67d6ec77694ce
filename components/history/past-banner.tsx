'use client';

import { PastMark } from './past-mark';
import type { PastState } from './use-past';

/**
 * The mark of the past above the map: which moment is shown, that changes are off, and the way
 * back to live. An error (a moment before the kept range, or when Portolan was not running) is
 * said here in the server's own words.
 */
export function PastBanner({
  past,
  onLive,
  comparing,
  onCompare,
}: {
  past: PastState;
  onLive(): void;
  comparing: boolean;
  onCompare(on: boolean): void;
}) {
  if (past.status === 'live') return null;
  return (
    <PastMark
      past={past}
      shows="The map as it was at"
      consequence="Nothing can be changed from here."
    >
      {past.status === 'ok' && (
        <a
          href={`/api/snapshot?at=${encodeURIComponent(new Date(past.at).toISOString())}`}
          download
          data-testid="snapshot-download"
          className="rounded-md border border-warn/60 px-2.5 py-0.5 hover:bg-warn/20"
          title="One file with the topology at this moment and the events around it; open it with npm start -- --snapshot FILE"
        >
          Download snapshot
        </a>
      )}
      {past.status === 'ok' && (
        <button
          type="button"
          aria-pressed={comparing}
          onClick={() => onCompare(!comparing)}
          className="rounded-md border border-warn/60 px-2.5 py-0.5 hover:bg-warn/20"
        >
          Compare with now
        </button>
      )}
      <button
        type="button"
        onClick={onLive}
        className="rounded-md bg-accent px-2.5 py-0.5 font-semibold text-on-accent hover:opacity-90"
      >
        Back to live
      </button>
    </PastMark>
  );
}
