import { describe, expect, it } from 'vitest';

import {
  keysFor,
  knownHostName,
  parseKnownHosts,
  preferredAlgorithms,
  verdictFor,
} from './known-hosts';

// Public keys made with ssh-keygen (ed25519 a and b, rsa c); the hashed names with ssh-keygen -H.
const A = 'AAAAC3NzaC1lZDI1NTE5AAAAIIMcoCZxZ3S+pot16BVwuJVoG9M03IRFTIxGI7NCLw3O';
const B = 'AAAAC3NzaC1lZDI1NTE5AAAAIM900FcKCthsIa4h66D6dBi5dx9Sr9bYDJiRgIVY466d';
const C =
  'AAAAB3NzaC1yc2EAAAADAQABAAABAQDPBFvhxqftqENGXQpEOBySGqrXpZgdgGGdBV1FloSdsZLkgOFss02TYW1zVPgjcPyYs0DWLeCV37/tn9QQXqtTCzROI7uT+roamuVq4q/lFq9KxppG4VmFaNILgIXjbkKbMksREqikFFx5jSyUxLIdrGpH+zrFfAs5SKYti96w2NHO/foq9tlSjL3AH1Wthd2fXyq9g+NcJZhUWolFXQeLUijKY1DiLKiAWDUGyxCVivav0YkZPZ2QjSkG53x4BK7tS/KyHu6ePVEvL44C4EkKii1xXcWD+q6kV41ja/V+G4Qz1aq5QI/5veXsfYeXWAqmVkeCj76v1GjNRF/WTz8j';
const blob = (key: string) => Buffer.from(key, 'base64');

const FILE = [
  '# a comment, then a blank line',
  '',
  `[127.0.0.1]:3343 ssh-ed25519 ${A}`,
  `node-2,10.213.0.12 ssh-rsa ${C}`,
  `*.lab,!gate.lab ssh-ed25519 ${B}`,
  `|1|PO/A2bW8UiYFM9hgI9rMwLVRxs8=|6MSam8ruIBRvhe8xGJL2M6jnCh8= ssh-ed25519 ${B}`,
  `@revoked * ssh-ed25519 ${A}`,
  '@cert-authority *.ca ssh-ed25519 AAAAunused',
  'a-line-without-a-key ssh-ed25519',
].join('\n');

describe('known_hosts', () => {
  const entries = parseKnownHosts(FILE);

  it('names a host on another port as OpenSSH does', () => {
    expect(knownHostName('h', 22)).toBe('h');
    expect(knownHostName('127.0.0.1', 3343)).toBe('[127.0.0.1]:3343');
  });

  it('trusts a listed key only for the host and port it is listed for', () => {
    expect(verdictFor(entries, 'node-2', 22, blob(C))).toBe('trusted');
    expect(verdictFor(entries, '10.213.0.12', 22, blob(C))).toBe('trusted');
    expect(verdictFor(entries, 'node-2', 2222, blob(C))).toBe('unknown');
    expect(verdictFor(entries, 'node-3', 22, blob(C))).toBe('unknown');
  });

  it('says a key differs from the one listed (changed), not merely unknown', () => {
    expect(verdictFor(entries, 'node-2', 22, blob(B))).toBe('changed');
  });

  it('matches hashed names, patterns and negations', () => {
    expect(verdictFor(entries, 'hashed.example', 22, blob(B))).toBe('trusted');
    expect(verdictFor(entries, 'other.example', 22, blob(B))).toBe('unknown');
    expect(verdictFor(entries, 'db.lab', 22, blob(B))).toBe('trusted');
    expect(verdictFor(entries, 'gate.lab', 22, blob(B))).toBe('unknown');
  });

  it('refuses a revoked key even where it is listed', () => {
    expect(verdictFor(entries, '127.0.0.1', 3343, blob(A))).toBe('revoked');
    const unrevoked = parseKnownHosts(FILE.replace('@revoked', '# @revoked'));
    expect(verdictFor(unrevoked, '127.0.0.1', 3343, blob(A))).toBe('trusted');
  });

  it('prefers the algorithms of the keys listed for the host', () => {
    expect(preferredAlgorithms(keysFor(entries, 'node-2', 22))).toEqual([
      'rsa-sha2-512',
      'rsa-sha2-256',
      'ssh-rsa',
    ]);
    expect(preferredAlgorithms(keysFor(entries, 'nobody', 22))).toBeNull();
  });

  it('an empty or missing file knows no host', () => {
    expect(verdictFor(parseKnownHosts(''), 'node-2', 22, blob(C))).toBe('unknown');
  });
});
