/**
 * Search and filters: one query string, the way people type into a search box.
 *
 *   web                      name, id prefix, image, IP address or alias contains "web"
 *   network:appnet           on a network whose name contains "appnet" (or that network)
 *   driver:overlay           on an overlay network (or that network)
 *   node:node-2              on host node-2
 *   service:web  project:shop  stack:prod  kind:container  state:running
 *   label:tier  label:tier=front
 *   -term                    negates a term; terms are ANDed
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
  /** IPs and DNS aliases. */
  addresses: readonly string[];
}

function tokenize(query: string): string[] {
  const tokens: string[] = [];
  const pattern = /(-?[\w.-]+:)?"([^"]*)"?|\S+/g;
  for (const match of query.matchAll(pattern)) {
    tokens.push(match[2] !== undefined ? `${match[1] ?? ''}${match[2]}` : match[0]);
  }
  return tokens;
}

/** Parses a query into terms. Unknown `key:` prefixes are searched as text. */
export function parseQuery(query: string): FilterTerm[] {
  const terms: FilterTerm[] = [];
  for (let token of tokenize(query.trim())) {
    let negate = false;
    if (token.startsWith('-') && token.length > 1) {
      negate = true;
      token = token.slice(1);
    }
    const colon = token.indexOf(':');
    if (colon > 0) {
      const rawKey = token.slice(0, colon).toLowerCase();
      const key = (FILTER_KEYS as readonly string[]).includes(rawKey)
        ? (rawKey as FilterKey)
        : ALIASES[rawKey];
      const value = token.slice(colon + 1);
      if (key) {
        if (value !== '') terms.push({ key, value: value.toLowerCase(), negate });
        continue;
      }
    }
    if (token !== '') terms.push({ key: 'text', value: token.toLowerCase(), negate });
  }
  return terms;
}

const has = (haystack: string | null | undefined, needle: string) =>
  haystack != null && haystack.toLowerCase().includes(needle);
const is = (value: string | null | undefined, wanted: string) =>
  value != null && value.toLowerCase() === wanted;

function matchesTerm(term: FilterTerm, facts: FilterFacts): boolean {
  const { value } = term;
  switch (term.key) {
    case 'text':
      return (
        has(facts.name, value) ||
        facts.id.toLowerCase().startsWith(value) ||
        has(facts.image, value) ||
        facts.addresses.some((address) => has(address, value))
      );
    case 'name':
      return has(facts.name, value);
    case 'label': {
      const eq = value.indexOf('=');
      const key = eq < 0 ? value : value.slice(0, eq);
      const wanted = eq < 0 ? null : value.slice(eq + 1);
      return Object.entries(facts.labels).some(
        ([k, v]) => k.toLowerCase() === key && (wanted === null || v.toLowerCase() === wanted),
      );
    }
    case 'network':
      return facts.networks.some((network) => has(network.name, value));
    case 'driver':
      return facts.networks.some((network) => is(network.driver, value));
    case 'node':
      return facts.nodes.some((node) => has(node, value));
    case 'service':
      return has(facts.service, value);
    case 'project':
      return has(facts.project, value);
    case 'stack':
      return has(facts.stack, value);
    case 'kind':
      return is(facts.kind, value);
    case 'state':
      return is(facts.state, value);
  }
}

/** True when the element satisfies every term (an empty query matches everything). */
export function matchesQuery(terms: readonly FilterTerm[], facts: FilterFacts): boolean {
  return terms.every((term) => matchesTerm(term, facts) !== term.negate);
}
