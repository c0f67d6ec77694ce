/*
 * Which of the refusals (`{ field path: message }`, from the schema or the server) a field shows,
 * for fields that stand for a list or a map and so are refused entry by entry.
 */

/** The first message for a list field or any of its entries (`env`, `env.2`), as it is. */
export function errorUnder(errors: Record<string, string>, prefix: string): string | undefined {
  return Object.entries(errors).find(([key]) => key.startsWith(prefix))?.[1];
}

/** The first message for a map field (`labels.x`, `options.y`) or the map itself, with its key. */
export function keyedErrorUnder(
  errors: Record<string, string>,
  prefix: string,
): string | undefined {
  const key = Object.keys(errors).find(
    (candidate) => candidate === prefix || candidate.startsWith(`${prefix}.`),
  );
  return key === undefined
    ? undefined
    : key === prefix
      ? errors[key]
      : `${key.slice(prefix.length + 1)}: ${errors[key]}`;
}
