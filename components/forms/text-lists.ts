/*
 * What people type into the forms' free-text fields, read into the shapes the API takes. Blank
 * entries are skipped; an empty list is `undefined`, so the request leaves the field out.
 */

/** One entry per line (env, constraints, published ports). */
export function parseLines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
}

/** Names separated by commas or spaces (network aliases); `undefined` when there are none. */
export function parseAliases(text: string): string[] | undefined {
  return text.trim() ? text.split(/[\s,]+/).filter(Boolean) : undefined;
}

/** `key=value` lines (labels, driver options) to an object; blank lines are skipped. */
export function parseKeyValues(text: string): Record<string, string> | undefined {
  const entries = parseLines(text).map((line) => {
    const eq = line.indexOf('=');
    return eq === -1 ? [line, ''] : [line.slice(0, eq).trim(), line.slice(eq + 1).trim()];
  });
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

/** A command line, run by the image's shell (`sh -c`); empty: the image's own command. */
export function shellCommand(text: string): string[] | undefined {
  return text.trim() ? ['sh', '-c', text.trim()] : undefined;
}

/** The list, or `undefined` when it is empty (the request then leaves the field out). */
export function nonEmpty<T>(list: T[]): T[] | undefined {
  return list.length > 0 ? list : undefined;
}
