'use client';

import type { ReactNode } from 'react';

import { formatMoment } from './timeline';
import type { PastState } from './use-past';

/**
 * The one mark of the past, over the map and over the discovery views alike: which moment is
 * shown and what that means there, or the server's own words when it cannot be shown; the
 * page's ways onward (back to live, compare, download) follow on the right.
 */
export function PastMark({
  past,
  shows,
  consequence,
  children,
}: {
  past: Exclude<PastState, { status: 'live' }>;
  /** What is shown, up to the moment: "The map as it was at". */
  shows: string;
  /** What the past means on this page, e.g. "Nothing can be changed from here." */
  consequence: string;
  children: ReactNode;
}) {
  return (
    <div
      role="status"
      data-testid="past-banner"
      className="flex items-center gap-3 border-b border-warn/60 bg-warn/15 px-4 py-1.5 text-xs"
    >
      <span className="font-semibold text-warn">◷ The past</span>
      {past.status === 'error' ? (
        <span data-testid="past-error">
          Cannot show {formatMoment(past.at)}: {past.message}
        </span>
      ) : (
        <span>
          {shows}{' '}
          <time dateTime={new Date(past.at).toISOString()} className="font-mono font-semibold">
            {formatMoment(past.at)}
          </time>
          {past.status === 'loading' ? ' (loading…)' : ''}. {consequence}
        </span>
      )}
      <span className="ml-auto" />
      {children}
    </div>
  );
}
