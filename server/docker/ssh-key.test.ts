import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { isEncryptedKey } from './ssh-key';

// NOTE: keys are made by the real ssh-keygen at test time (no private key is kept in git).
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ssh-key-test-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function keygen(name: string, passphrase: string, ...options: string[]): Buffer {
  const file = path.join(dir, name);
  execFileSync('ssh-keygen', ['-q', ...options, '-N', passphrase, '-C', 'test', '-f', file]);
  return fs.readFileSync(file);
}

describe('isEncryptedKey', () => {
  it.each([
    ['OpenSSH ed25519', ['-t', 'ed25519']],
    ['PEM RSA (PKCS#1)', ['-t', 'rsa', '-b', '1024', '-m', 'PEM']],
    ['PKCS#8 ECDSA', ['-t', 'ecdsa', '-m', 'PKCS8']],
  ])('tells an encrypted %s key from a plain one', (kind, options) => {
    const slug = kind.replace(/\W+/g, '-');
    expect(isEncryptedKey(keygen(`${slug}-plain`, '', ...options))).toBe(false);
    expect(isEncryptedKey(keygen(`${slug}-encrypted`, 'secret', ...options))).toBe(true);
  });

  it('a file that is no key is not called encrypted', () => {
    expect(isEncryptedKey('not a key')).toBe(false);
    expect(
      isEncryptedKey(
        '-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----',
      ),
    ).toBe(false);
  });
});
