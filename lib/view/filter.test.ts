import { describe, expect, it } from 'vitest';

import { matchesQuery, parseFilter, parseQuery, splitQuery, type FilterFacts } from './filter';

const facts: FilterFacts = {
  id: 'abcdef123456',
  kind: 'container',
  name: 'shop-web-1',
  image: 'nginx:1.27',
  labels: { tier: 'front', 'com.docker.compose.project': 'shop' },
  networks: [
    { name: 'shop_default', driver: 'bridge' },
    { name: 'mesh', driver: 'overlay' },
  ],
  nodes: ['node-2'],
  service: 'web',
  project: 'shop',
  stack: null,
  state: 'running',
  addresses: ['172.20.0.3', 'web'],
};

const stackTask: FilterFacts = {
  ...facts,
  id: 'task1',
  kind: 'task',
  name: 'prod_api.1',
  labels: { 'com.docker.stack.namespace': 'prod' },
  project: null,
  stack: 'prod',
};

const port: FilterFacts = {
  ...facts,
  id: 'port:p1:n1',
  kind: 'port',
  name: ':8080',
  image: null,
  labels: {},
  networks: [],
  addresses: ['8080'],
};

const match = (query: string, element: FilterFacts = facts) =>
  matchesQuery(parseQuery(query), element);

describe('parseQuery', () => {
  it('splits words and key:value terms, lower-cased, with aliases and negation', () => {
    expect(parseQuery('Web net:Mesh -kind:task label:"a b"')).toEqual([
      [{ key: 'text', value: 'web', negate: false }],
      [{ key: 'network', value: 'mesh', negate: false }],
      [{ key: 'kind', value: 'task', negate: true }],
      [{ key: 'label', value: 'a b', negate: false }],
    ]);
  });

  it('joins terms with OR and a comma into one clause; a negated list is one clause per value', () => {
    expect(parseQuery('node:a OR node:b state:running')).toEqual([
      [
        { key: 'node', value: 'a', negate: false },
        { key: 'node', value: 'b', negate: false },
      ],
      [{ key: 'state', value: 'running', negate: false }],
    ]);
    expect(parseQuery('node:a,b')).toEqual(parseQuery('node:a OR node:b'));
    expect(parseQuery('-node:a,b')).toEqual([
      [{ key: 'node', value: 'a', negate: true }],
      [{ key: 'node', value: 'b', negate: true }],
    ]);
  });

  it('reads not: like a leading -, and = as an exact value', () => {
    expect(parseQuery('not:state:running')).toEqual(parseQuery('-state:running'));
    expect(parseQuery('name:=bridge')).toEqual([
      [{ key: 'name', value: 'bridge', negate: false, exact: true }],
    ]);
  });

  it('drops empty values and a dangling OR', () => {
    expect(parseQuery('network: OR web OR')).toEqual([
      [{ key: 'text', value: 'web', negate: false }],
    ]);
  });

  it('keeps quoted words, IPv6 addresses and image tags as text', () => {
    expect(parseQuery('"nginx:1.27" fd00::1')).toEqual([
      [{ key: 'text', value: 'nginx:1.27', negate: false }],
      [{ key: 'text', value: 'fd00::1', negate: false }],
    ]);
  });
});

describe('parseFilter', () => {
  it('says an unknown key is unknown and leaves it out of the matching', () => {
    const parsed = parseFilter('bogus:zzz web');
    expect(parsed.errors).toEqual([expect.stringContaining('Unknown key “bogus:”')]);
    expect(parsed.find).toEqual([[{ key: 'text', value: 'web', negate: false }]]);
    expect(parseFilter('network:appnet -state:exited web').errors).toEqual([]);
  });

  it('puts hide: terms apart, in the same language', () => {
    const parsed = parseFilter('node:node-2 hide:kind:network hide:name:=bridge,=host');
    expect(parsed.find).toEqual(parseQuery('node:node-2'));
    expect(parsed.hide).toEqual(parseQuery('kind:network name:=bridge,=host'));
    expect(parseFilter('hide:bogus:1').errors).toHaveLength(1);
  });
});

describe('splitQuery', () => {
  it('separates the hide: terms; an OR goes with the term before it', () => {
    expect(splitQuery('web hide:-kind:task OR hide:name:x state:running')).toEqual({
      find: 'web state:running',
      hide: '-kind:task OR name:x',
    });
    expect(splitQuery('  ')).toEqual({ find: '', hide: '' });
  });
});

describe('matchesQuery', () => {
  it.each([
    ['', true],
    ['shop', true],
    ['abcdef', true],
    ['nginx', true],
    ['"nginx:1.27"', true],
    ['172.20.0', true],
    ['name:web', true],
    ['name:=web', false],
    ['name:=shop-web-1', true],
    ['network:mesh', true],
    ['network:other', false],
    ['network:=shop', false],
    ['driver:overlay', true],
    ['driver:macvlan', false],
    ['node:node-2', true],
    ['node:node-3', false],
    ['service:web', true],
    ['project:shop', true],
    ['stack:shop', true],
    ['stack:prod', false],
    ['kind:container', true],
    ['kind:conta', false],
    ['state:running', true],
    ['state:exited', false],
    ['label:tier', true],
    ['label:tier=front', true],
    ['label:tier=back', false],
    ['label:com.docker.compose.project=shop', true],
    ['port:8080', false],
    ['-kind:container', false],
    ['not:kind:container', false],
    ['--kind:container', true],
    ['shop -state:exited', true],
    ['shop node:node-3', false],
    ['node:node-3 OR node:node-2', true],
    ['node:node-3,node-2', true],
    ['node:node-3,node-4', false],
    ['-node:node-3,node-2', false],
    ['node:node-3 OR state:running kind:task', false],
    ['node:node-3 OR state:running kind:container', true],
    ['bogus:zzz', true],
    ['hide:kind:container', true],
  ])('%s → %s', (query, expected) => {
    expect(match(query)).toBe(expected);
  });

  it('stack: reads a swarm stack as well as a compose project', () => {
    expect(match('stack:prod', stackTask)).toBe(true);
    expect(match('stack:shop', stackTask)).toBe(false);
    expect(match('label:com.docker.stack.namespace=prod', stackTask)).toBe(true);
  });

  it('port: matches the published port, exactly', () => {
    expect(match('port:8080', port)).toBe(true);
    expect(match('port:80', port)).toBe(false);
    expect(match('port:8080,9000', port)).toBe(true);
  });
});
