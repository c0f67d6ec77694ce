import type { DockerEvent } from '@/lib/docker/events';

/** A filtered view of a buffer, and the buffer it was taken from. */
export interface FilteredBuffer {
  source: readonly DockerEvent[];
  kept: readonly DockerEvent[];
}

/**
 * The events of `source` that `keep` accepts, in order. When `source` is `previous.source` with
 * events added at the end and some cut at the start (the live buffer, at every frame of a burst),
 * only the added events are tested: a filter over the whole 2,000-event buffer at every frame was
 * a good part of the event list's frame. Anything else (a buffer replaced, a filter changed: the
 * caller passes no `previous`) is filtered in full. `kept` is `previous.kept` itself when nothing
 * changed in it.
 */
export function filterGrowing(
  source: readonly DockerEvent[],
  keep: (event: DockerEvent) => boolean,
  previous: FilteredBuffer | null,
): FilteredBuffer {
  const last = previous?.source.at(-1);
  if (!previous || last === undefined) return { source, kept: source.filter(keep) };
  const at = source.lastIndexOf(last);
  const cut = previous.source.length - 1 - at;
  // NOTE: the buffer grew at the end and lost `cut` events at the start, or it is another one.
  if (at < 0 || cut < 0 || source[0] !== previous.source[cut]) {
    return { source, kept: source.filter(keep) };
  }
  const gone = new Set(previous.source.slice(0, cut));
  let start = 0;
  while (start < previous.kept.length && gone.has(previous.kept[start] as DockerEvent)) start += 1;
  const added = source.slice(at + 1).filter(keep);
  if (start === 0 && added.length === 0) return { source, kept: previous.kept };
  return { source, kept: [...previous.kept.slice(start), ...added] };
}
