import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { loadAccessTokens } from './tokens';

describe('loadAccessTokens', () => {
  it('generates both tokens once, in files only their owner can read', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portolan-tokens-'));
    try {
      const first = loadAccessTokens(dir, { operator: null, viewer: null });
      expect(first.created).toHaveLength(2);
      expect(first.operatorCreated).toBe(true);
      expect(first.operator).not.toBe(first.viewer);
      expect(fs.statSync(path.join(dir, 'token')).mode & 0o777).toBe(0o600);
      const second = loadAccessTokens(dir, { operator: null, viewer: null });
      expect(second).toMatchObject({
        operator: first.operator,
        viewer: first.viewer,
        created: [],
        operatorCreated: false,
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('uses configured tokens without writing anything', () => {
    const dir = path.join(os.tmpdir(), `portolan-unused-${process.pid}`);
    const tokens = loadAccessTokens(dir, { operator: 'o'.repeat(16), viewer: 'v'.repeat(16) });
    expect(tokens.created).toEqual([]);
    expect(fs.existsSync(dir)).toBe(false);
  });

  it('a given operator token with a generated viewer token: the operator token is not new', () => {
    // NOTE: the server prints a login URL only for a token it generated; a token given through
    // the environment or a secret file must never reach a log (a stack's service logs).
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portolan-tokens-'));
    try {
      const tokens = loadAccessTokens(dir, { operator: 'o'.repeat(16), viewer: null });
      expect(tokens.created).toEqual([path.join(dir, 'viewer-token')]);
      expect(tokens.operatorCreated).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
