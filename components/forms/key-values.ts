/** `key=value` lines (labels, driver options) to an object; blank lines are skipped. */
export function parseKeyValues(text: string): Record<string, string> | undefined {
  const entries = text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const eq = line.indexOf('=');
      return eq === -1 ? [line, ''] : [line.slice(0, eq).trim(), line.slice(eq + 1).trim()];
    });
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}
