import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface AccessTokens {
  /** May read and change things. */
  operator: string;
  /** May only read. */
  viewer: string;
  /** Files created at this start (their tokens have never been shown before). */
  created: string[];
  /** The operator token was generated at this start (not given, nor read from an earlier one). */
  operatorCreated: boolean;
}

const newToken = () => crypto.randomBytes(24).toString('base64url');

/** Reads a token file, or makes one readable only by its owner. */
function loadOrCreate(file: string, created: string[]): string {
  try {
    const existing = fs.readFileSync(file, 'utf8').trim();
    if (existing.length >= 16) return existing;
  } catch {
    // missing: create below
  }
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const token = newToken();
  fs.writeFileSync(file, `${token}\n`, { mode: 0o600 });
  fs.chmodSync(file, 0o600);
  created.push(file);
  return token;
}

/**
 * The operator and viewer tokens: from PORTOLAN_TOKEN / PORTOLAN_VIEWER_TOKEN when set, else kept
 * in the state folder (generated at first start, mode 0600).
 */
export function loadAccessTokens(
  stateDir: string,
  configured: { operator: string | null; viewer: string | null },
): AccessTokens {
  const created: string[] = [];
  const operator = configured.operator ?? loadOrCreate(path.join(stateDir, 'token'), created);
  const operatorCreated = created.length > 0;
  const viewer = configured.viewer ?? loadOrCreate(path.join(stateDir, 'viewer-token'), created);
  if (operator === viewer) throw new Error('the viewer token must differ from the operator token');
  return { operator, viewer, created, operatorCreated };
}
