/**
 * Why a request is not carried out, as a typed value: what kind of refusal, a sentence for the
 * person, and, for bad input, one message per field. Rules in lib/ and the engine gateway both
 * produce it; the HTTP layer maps the kind to a status in one place (server/http/refusals.ts).
 */
export type RefusalKind =
  /** The input is wrong; `fields` says where (400). */
  | 'invalid'
  /** This caller may not do this (403). */
  | 'forbidden'
  /** What the request names does not exist (404). */
  | 'not-found'
  /** It clashes with the current state: a name taken, a port in use, a version moved (409). */
  | 'conflict'
  /** Too many requests from this client; try again later (429). */
  | 'too-many'
  /** The engine failed in a way the request did not cause (502). */
  | 'failed'
  /** The engine (or every manager) cannot be reached (503). */
  | 'unavailable';

export class Refusal extends Error {
  constructor(
    readonly kind: RefusalKind,
    message: string,
    readonly fields?: Readonly<Record<string, string>>,
    /** More of the answer's body, e.g. the containers still attached to a network. */
    readonly extra?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
    this.name = 'Refusal';
  }
}

export const isRefusal = (error: unknown): error is Refusal => error instanceof Refusal;

/**
 * Bad input, one message per field. The summary defaults to the first field's message (named), so
 * a script's log says what is wrong without reading `fields`.
 */
export function invalid(fields: Record<string, string>, summary?: string): Refusal {
  const entries = Object.entries(fields);
  if (summary !== undefined) return new Refusal('invalid', summary, fields);
  const [key, message] = entries[0] ?? ['_', 'Invalid input.'];
  const more = entries.length > 1 ? ` (and ${entries.length - 1} more)` : '';
  return new Refusal('invalid', `${key === '_' ? '' : `${key}: `}${message}${more}`, fields);
}
