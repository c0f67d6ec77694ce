import { describe, expect, it } from 'vitest';

import { matchesQuery, parseQuery, type FilterFacts } from './filter';

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

const match = (query: string) => matchesQuery(parseQuery(query), facts);

describe('parseQuery', () => {
  it('splits words and key:value terms, lower-cased, with aliases and negation', () => {
    expect(parseQuery('Web net:Mesh -kind:task label:"a b"')).toEqual([
      { key: 'text', value: 'web', negate: false },
      { key: 'network', value: 'mesh', negate: false },
      { key: 'kind', value: 'task', negate: true },
      { key: 'label', value: 'a b', negate: false },
    ]);
  });

  it('treats an unknown key as text and drops empty values', () => {
    expect(parseQuery('foo:bar network:')).toEqual([
      { key: 'text', value: 'foo:bar', negate: false },
    ]);
  });
});

describe('matchesQuery', () => {
  it.each([
    ['', true],
    ['shop', true],
    ['abcdef', true],
    ['nginx', true],
    ['172.20.0', true],
    ['name:web', true],
    ['network:mesh', true],
    ['network:other', false],
    ['driver:overlay', true],
    ['driver:macvlan', false],
    ['node:node-2', true],
    ['node:node-3', false],
    ['service:web', true],
    ['project:shop', true],
    ['stack:shop', false],
    ['kind:container', true],
    ['kind:conta', false],
    ['state:running', true],
    ['label:tier', true],
    ['label:tier=front', true],
    ['label:tier=back', false],
    ['-kind:container', false],
    ['shop -state:exited', true],
    ['shop node:node-3', false],
  ])('%s → %s', (query, expected) => {
    expect(match(query)).toBe(expected);
  });
});
