/**
 * A wall-clock time as the page shows it (`14:03:05` in the browser's locale and zone), the same
 * text `toLocaleTimeString([], { hour12: false })` gives. One formatter for the page: that call
 * builds a new `Intl.DateTimeFormat` each time, which was most of an event row's render (a burst
 * of 500 events re-rendered ~40 rows a frame).
 */
let formatter: Intl.DateTimeFormat | null = null;

export function formatClock(time: Date | number): string {
  formatter ??= new Intl.DateTimeFormat([], {
    hour: 'numeric',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  });
  return formatter.format(time);
}
