/**
 * The map's search language: one query string, the way people type into a search box.
 * docs/map.md ("Find and hide") is the user's reference; keep the two in step.
 *
 *   web                      name, id prefix, image, IP address or alias contains "web"
 *   network:appnet           on a network whose name contains "appnet" (or that network)
 *   driver:overlay           on an overlay network (or that network)
 *   node:node-2              on host node-2
 *   stack:shop               a swarm stack or a compose project named like "shop"
 *   label:tier  label:tier=front      state:running      port:8080
 *   service:web  project:shop  kind:container
 *   name:=bridge             a leading `=` in a value matches it exactly, not as a part
 *   -term  not:term          negation
 *   a OR b   key:a,b         either (OR binds tighter than AND: `a OR b c` is `(a OR b) AND c`)
 *   a b                      both (AND by juxtaposition)
 *   hide:term                removes what matches the hide: terms (and the edges to it)
 *   "nginx:1.27"             quotes make a literal text term
 *
 * An unknown `key:` is reported in `errors` and left out of the matching.
 */

export const FILTER_KEYS = [
  'name',
  'label',
  'network',
  'driver',
  'node',
  'service',
  'project',
  'stack',
  'kind',
  'state',
  'port',
] as const;

export type FilterKey = (typeof FILTER_KEYS)[number];

const ALIASES: Readonly<Record<string, FilterKey>> = {
  net: 'network',
  host: 'node',
  svc: 'service',
  compose: 'project',
  is: 'state',
  type: 'kind',
};

export interface FilterTerm {
  /** `text` for a bare word. */
  key: FilterKey | 'text';
  value: string;
  negate: boolean;
  /** The value was written `=value`: match it whole, not as a part. */
  exact?: boolean;
}

/** Terms of which at least one must match (OR). */
export type FilterClause = readonly FilterTerm[];

export interface ParsedFilter {
  /** Every clause must match (AND). Empty: everything matches. */
  find: FilterClause[];
  /** Elements matching these clauses are removed. Empty: nothing is hidden. */
  hide: FilterClause[];
  /** What the user should hear about (an unknown key), in the order typed. */
  errors: string[];
}

/** What a filter can know about one element. Lower-cased by the matcher, not here. */
export interface FilterFacts {
  id: string;
  kind: string;
  name: string;
  image: string | null;
  labels: Readonly<Record<string, string>>;
  /** Networks the element is on (a network: itself). */
  networks: readonly { name: string; driver: string }[];
  /** Host name(s) it runs on or exists on. */
  nodes: readonly string[];
  service: string | null;
  project: string | null;
  stack: string | null;
  state: string;
  /** IPs and DNS aliases (a published port: its number). */
  addresses: readonly string[];
}

const HIDE_PREFIX = 'hide:';

/** Splits on white space, keeping quoted parts (`label:"a b"`) in their token. */
function tokenize(query: string): string[] {
  return [...query.matchAll(/[^\s"]*(?:"[^"]*"?[^\s"]*)+|\S+/g)].map((match) => match[0]);
}

const unquote = (text: string) => text.replaceAll('"', '');
const isHide = (token: string) => token.toLowerCase().startsWith(HIDE_PREFIX);

/**
 * Separates the `hide:` terms from the find terms, as two queries in the same language. An `OR`
 * goes with the term before it.
 */
export function splitQuery(query: string): { find: string; hide: string } {
  const find: string[] = [];
  const hide: string[] = [];
  let side = find;
  for (const token of tokenize(query.trim())) {
    if (token !== 'OR') side = isHide(token) ? hide : find;
    side.push(side === hide && isHide(token) ? token.slice(HIDE_PREFIX.length) : token);
  }
  return { find: find.join(' '), hide: hide.join(' ') };
}

function resolveKey(raw: string): FilterKey | undefined {
  const key = raw.toLowerCase();
  return (FILTER_KEYS as readonly string[]).includes(key) ? (key as FilterKey) : ALIASES[key];
}

function toTerm(key: FilterTerm['key'], raw: string, negate: boolean): FilterTerm {
  const value = raw.toLowerCase();
  return value.startsWith('=') && key !== 'label'
    ? { key, value: value.slice(1), negate, exact: true }
    : { key, value, negate };
}

/**
 * One token as clauses: `key:a,b` is one clause (a OR b); negated, `-key:a,b` is two (not a, not b).
 */
function parseToken(token: string, errors: string[]): FilterClause[] {
  let negate = false;
  let rest = token;
  for (;;) {
    if (rest.startsWith('-') && rest.length > 1) rest = rest.slice(1);
    else if (rest.toLowerCase().startsWith('not:')) rest = rest.slice(4);
    else break;
    negate = !negate;
  }
  let key: FilterTerm['key'] = 'text';
  let value = rest;
  const colon = rest.indexOf(':');
  // NOTE: only letters make a key, so IPv6 addresses and quoted `"nginx:1.27"` stay text.
  if (colon > 0 && /^[a-z]+$/i.test(rest.slice(0, colon))) {
    const known = resolveKey(rest.slice(0, colon));
    if (!known) {
      errors.push(`Unknown key “${rest.slice(0, colon)}:” (ignored): ? lists the keys.`);
      return [];
    }
    key = known;
    value = rest.slice(colon + 1);
  }
  const quoted = value.includes('"');
  const values = (quoted ? [unquote(value)] : value.split(',')).filter((v) => v !== '');
  const terms = values.map((v) => toTerm(key, v, negate));
  if (terms.length === 0) return [];
  return negate ? terms.map((term) => [term]) : [terms];
}

function parseClauses(query: string, errors: string[]): FilterClause[] {
  const clauses: FilterTerm[][] = [];
  let joinNext = false;
  for (const token of tokenize(query.trim())) {
    if (token === 'OR') {
      joinNext = clauses.length > 0;
      continue;
    }
    const parsed = parseToken(token, errors);
    const last = clauses.at(-1);
    if (joinNext && last && parsed.length === 1) last.push(...(parsed[0] ?? []));
    else clauses.push(...parsed.map((clause) => [...clause]));
    if (parsed.length > 0) joinNext = false;
  }
  return clauses;
}

/** Parses a whole query: find clauses, hide clauses and errors. */
export function parseFilter(query: string): ParsedFilter {
  const errors: string[] = [];
  const { find, hide } = splitQuery(query);
  return { find: parseClauses(find, errors), hide: parseClauses(hide, errors), errors };
}

/** The find clauses of a query (`hide:` terms and unknown keys left out). */
export function parseQuery(query: string): FilterClause[] {
  return parseFilter(query).find;
}

const has = (haystack: string | null | undefined, needle: string) =>
  haystack != null && haystack.toLowerCase().includes(needle);
const is = (value: string | null | undefined, wanted: string) =>
  value != null && value.toLowerCase() === wanted;

function matchesLabel(value: string, labels: FilterFacts['labels']): boolean {
  const eq = value.indexOf('=');
  const key = eq < 0 ? value : value.slice(0, eq);
  const wanted = eq < 0 ? null : value.slice(eq + 1);
  return Object.entries(labels).some(
    ([k, v]) => k.toLowerCase() === key && (wanted === null || v.toLowerCase() === wanted),
  );
}

function matchesTerm(term: FilterTerm, facts: FilterFacts): boolean {
  const { value } = term;
  const like = term.exact ? is : has;
  switch (term.key) {
    case 'text':
      return (
        like(facts.name, value) ||
        facts.id.toLowerCase().startsWith(value) ||
        like(facts.image, value) ||
        facts.addresses.some((address) => like(address, value))
      );
    case 'name':
      return like(facts.name, value);
    case 'label':
      return matchesLabel(value, facts.labels);
    case 'network':
      return facts.networks.some((network) => like(network.name, value));
    case 'driver':
      return facts.networks.some((network) => is(network.driver, value));
    case 'node':
      return facts.nodes.some((node) => like(node, value));
    case 'service':
      return like(facts.service, value);
    case 'project':
      return like(facts.project, value);
    case 'stack':
      return like(facts.stack, value) || like(facts.project, value);
    case 'kind':
      return is(facts.kind, value);
    case 'state':
      return is(facts.state, value);
    case 'port':
      return facts.kind === 'port' && facts.addresses.some((address) => is(address, value));
  }
}

/** True when the element satisfies every clause (an empty query matches everything). */
export function matchesQuery(clauses: readonly FilterClause[], facts: FilterFacts): boolean {
  return clauses.every((clause) => clause.some((term) => matchesTerm(term, facts) !== term.negate));
}
