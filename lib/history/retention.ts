/** One segment file, as retention sees it. */
export interface SegmentInfo {
  name: string;
  /** Time of its first record (ms). */
  start: number;
  /** Time of its last record (ms). */
  end: number;
  bytes: number;
}

export interface RetentionLimits {
  maxAgeMs: number;
  maxBytes: number;
}

export interface RetentionDecision<S extends SegmentInfo = SegmentInfo> {
  drop: S[];
  /** Why the oldest dropped segment goes: its age, or the size limit. */
  reason: 'age' | 'size' | null;
}

/**
 * Which segments to delete, oldest first: every one whose last record is older than the age
 * limit, then more old ones until the rest fit in the size limit. The newest segment (the one
 * being written) is never dropped, so the store keeps the present even with a tiny limit.
 */
export function segmentsToDrop<S extends SegmentInfo>(
  segments: readonly S[],
  now: number,
  { maxAgeMs, maxBytes }: RetentionLimits,
): RetentionDecision<S> {
  const sorted = [...segments].sort((a, b) => a.start - b.start);
  const drop: S[] = [];
  let reason: RetentionDecision['reason'] = null;
  let total = sorted.reduce((sum, segment) => sum + segment.bytes, 0);
  for (const segment of sorted.slice(0, -1)) {
    const old = segment.end < now - maxAgeMs;
    const over = total > maxBytes;
    if (!old && !over) break;
    reason ??= old ? 'age' : 'size';
    drop.push(segment);
    total -= segment.bytes;
  }
  return { drop, reason };
}

/**
 * How large a segment may grow before a new one starts: small enough that retention by size can
 * act in steps of about a sixteenth of the limit, and never so large that one file is unwieldy.
 */
export function segmentByteLimit(maxBytes: number): number {
  return Math.min(16 * 1024 * 1024, Math.max(4 * 1024, Math.floor(maxBytes / 16)));
}
