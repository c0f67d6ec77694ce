import { createHmac } from 'node:crypto';
import fs from 'node:fs';

import type { ServerHostKeyAlgorithm } from 'ssh2';

/**
 * The SSH host-key check for ssh:// engines, as OpenSSH's StrictHostKeyChecking=yes does it: the
 * key a host shows must be listed for it in a known_hosts file, else the connection is refused
 * (an unknown host is refused too: nobody is there to answer "are you sure?"). Lines are OpenSSH's:
 * `host[,host…] type base64` with `[host]:port` for other ports, hashed `|1|salt|hmac` names,
 * `*`/`?` patterns and `!` negations, `@revoked` keys; `@cert-authority` lines are not supported.
 */
export type HostKeyVerdict = 'trusted' | 'unknown' | 'changed' | 'revoked';

interface KnownKey {
  marker: 'revoked' | 'cert-authority' | null;
  patterns: string[];
  type: string;
  key: string;
}

export function parseKnownHosts(text: string): KnownKey[] {
  const keys: KnownKey[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const fields = line.split(/\s+/);
    const marker = fields[0]?.startsWith('@') ? fields.shift()?.slice(1) : null;
    const [hosts, type, key] = fields;
    if (!hosts || !type || !key) continue;
    if (marker && marker !== 'revoked' && marker !== 'cert-authority') continue;
    keys.push({
      marker: (marker ?? null) as KnownKey['marker'],
      patterns: hosts.split(','),
      type,
      key,
    });
  }
  return keys;
}

/** The name a host goes by in known_hosts: `host` on port 22, `[host]:port` otherwise. */
export function knownHostName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

function globMatches(pattern: string, name: string): boolean {
  const regex = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${regex}$`, 'i').test(name);
}

function hashedMatches(pattern: string, name: string): boolean {
  const [, kind, salt, hash] = pattern.split('|');
  if (kind !== '1' || !salt || !hash) return false;
  const mac = createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64');
  return mac === hash;
}

/** OpenSSH's rule: a negated pattern that matches excludes the line, whatever else matches. */
function lineNames(entry: KnownKey, name: string): boolean {
  let matched = false;
  for (const pattern of entry.patterns) {
    if (pattern.startsWith('|')) matched ||= hashedMatches(pattern, name);
    else if (pattern.startsWith('!')) {
      if (globMatches(pattern.slice(1), name)) return false;
    } else matched ||= globMatches(pattern, name);
  }
  return matched;
}

/** The keys listed for a host (revoked ones aside), e.g. to prefer their algorithms. */
export function keysFor(entries: readonly KnownKey[], host: string, port: number): KnownKey[] {
  const name = knownHostName(host, port);
  return entries.filter((entry) => entry.marker === null && lineNames(entry, name));
}

/** What the key a host showed (ssh2's raw public-key blob) means for it. */
export function verdictFor(
  entries: readonly KnownKey[],
  host: string,
  port: number,
  shown: Buffer,
): HostKeyVerdict {
  const key = shown.toString('base64');
  if (entries.some((entry) => entry.marker === 'revoked' && entry.key === key)) return 'revoked';
  const listed = keysFor(entries, host, port);
  if (listed.some((entry) => entry.key === key)) return 'trusted';
  return listed.length > 0 ? 'changed' : 'unknown';
}

/** Host-key algorithms ssh2 may offer for a key type found in known_hosts. */
const ALGORITHMS: Record<string, ServerHostKeyAlgorithm[]> = {
  'ssh-ed25519': ['ssh-ed25519'],
  'ecdsa-sha2-nistp256': ['ecdsa-sha2-nistp256'],
  'ecdsa-sha2-nistp384': ['ecdsa-sha2-nistp384'],
  'ecdsa-sha2-nistp521': ['ecdsa-sha2-nistp521'],
  'ssh-rsa': ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'],
};

/**
 * Asks for a key of a type known_hosts lists for the host, as OpenSSH does: a host with an RSA
 * and an Ed25519 key, known by its RSA key only, must show that one. null: no preference.
 */
export function preferredAlgorithms(listed: readonly KnownKey[]): ServerHostKeyAlgorithm[] | null {
  const algorithms = [...new Set(listed.flatMap((entry) => ALGORITHMS[entry.type] ?? []))];
  return algorithms.length > 0 ? algorithms : null;
}

/** Reads a known_hosts file; a missing or unreadable one lists nothing (every host unknown). */
export function readKnownHosts(file: string | null): KnownKey[] {
  if (!file) return [];
  try {
    return parseKnownHosts(fs.readFileSync(file, 'utf8'));
  } catch {
    return [];
  }
}
