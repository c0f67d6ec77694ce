import { invalid, Refusal } from '@/lib/refusal';

import { blindSpotAt, type HistoryGap } from './rebuild';

/** Clocks of the browser and the server may differ a little; "now" is not the future. */
const CLOCK_SLACK_MS = 5_000;

const iso = (time: number) => new Date(time).toISOString();

/** The kept range as a sentence, for messages: "from 2026-12-02T15:00:00.000Z to now". */
export function describeRange(from: number | null): string {
  return from === null ? 'nothing is recorded yet' : `history is kept from ${iso(from)} to now`;
}

/**
 * Why a moment cannot be shown, or null when it can: before the kept range or in the future (bad
 * input, naming the range), or in a span Portolan was not running (nothing to show).
 */
export function momentRefusal(
  at: number,
  range: { from: number | null; gaps: readonly HistoryGap[] },
  now: number,
): Refusal | null {
  if (range.from === null || at < range.from) {
    return invalid({ at: `${iso(at)} is before the kept history: ${describeRange(range.from)}.` });
  }
  if (at > now + CLOCK_SLACK_MS) {
    return invalid({ at: `${iso(at)} is in the future: ${describeRange(range.from)}.` });
  }
  const blind = blindSpotAt(range.gaps, at);
  if (blind) {
    return new Refusal(
      'not-found',
      `Nothing was recorded at ${iso(at)}: Portolan was not running from ${iso(blind.from)} to ${iso(blind.to ?? now)}.`,
      undefined,
      {
        gap: {
          from: iso(blind.from),
          to: blind.to === null ? null : iso(blind.to),
          reason: blind.reason,
        },
      },
    );
  }
  return null;
}
