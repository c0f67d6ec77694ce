import { describe, expect, it } from 'vitest';

import { byName, labTopology } from './__fixtures__/hand-made';
import { parseResolvConf, resolvConfAgrees, resolverOf } from './resolver';

const lab = labTopology();
const setupOf = (name: string) => resolverOf(lab, byName(lab.containers, name).id)!;

describe('resolverOf on the recorded lab', () => {
  it.each([
    ['client', 'embedded'],
    ['edge', 'embedded'],
    ['web.2.zw51u9bd5j3jefbglxlnotl11', 'embedded'],
    ['legacy', 'host-copy'],
    ['hostnet', 'host'],
    ['isolated', 'none'],
  ] as const)('%s → %s', (name, kind) => {
    const setup = setupOf(name);
    expect(setup.kind).toBe(kind);
    expect(setup.nameserver).toBe(kind === 'embedded' ? '127.0.0.11' : null);
    expect(setup.options).toEqual(kind === 'embedded' ? ['ndots:0'] : []);
  });
});

describe('parseResolvConf and resolvConfAgrees', () => {
  // As read in the lab with `cat /etc/resolv.conf`.
  const embedded = parseResolvConf('nameserver 127.0.0.11\noptions ndots:0\n');
  const hostCopy = parseResolvConf('# copied\nnameserver 127.0.0.1\nsearch lab.example\n');

  it('parses nameservers, search domains and options, ignoring comments', () => {
    expect(embedded).toEqual({ nameservers: ['127.0.0.11'], search: [], options: ['ndots:0'] });
    expect(hostCopy).toEqual({ nameservers: ['127.0.0.1'], search: ['lab.example'], options: [] });
  });

  it('agrees when Docker wrote what the rules say', () => {
    expect(resolvConfAgrees(setupOf('client'), embedded)).toBe(true);
    expect(resolvConfAgrees(setupOf('client'), hostCopy)).toBe(false);
    expect(resolvConfAgrees(setupOf('legacy'), hostCopy)).toBe(true);
    expect(resolvConfAgrees(setupOf('legacy'), embedded)).toBe(false);
    expect(resolvConfAgrees(setupOf('hostnet'), hostCopy)).toBe(true);
  });
});
