import crypto from 'node:crypto';

import type { Role } from '@/lib/http/session';

import type { AccessTokens } from './tokens';

export const SESSION_COOKIE = 'portolan_session';

/** How long a browser session lasts before the login URL is needed again. */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

export function timingSafeEqualText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && crypto.timingSafeEqual(left, right);
}

export type SessionCheck =
  | { ok: true; role: Role; id: string }
  | { ok: false; reason: 'expired' | 'invalid' | 'signed-out' };

/**
 * Browser sessions: `<role>.<issued ms>.<HMAC>` keyed by the role's token, so a session dies with
 * its token, expires after `ttlMs`, and carries nothing secret. Signing out revokes that one
 * session until it would have expired anyway (kept in memory: a restart forgets revocations, so
 * the TTL bounds them).
 */
export function createSessions(
  tokens: AccessTokens,
  { ttlMs = SESSION_TTL_MS, now = Date.now }: { ttlMs?: number; now?: () => number } = {},
) {
  const revoked = new Map<string, number>();
  const sign = (role: Role, issued: number) =>
    crypto
      .createHmac('sha256', role === 'operator' ? tokens.operator : tokens.viewer)
      .update(`portolan-session-v2:${role}:${issued}`)
      .digest('base64url');

  const forgetExpiredRevocations = () => {
    const time = now();
    for (const [id, expires] of revoked) if (expires <= time) revoked.delete(id);
  };

  return {
    ttlMs,
    issue(role: Role): string {
      const issued = now();
      return `${role}.${issued}.${sign(role, issued)}`;
    },
    check(value: string): SessionCheck {
      const [role, issuedText, signature, ...rest] = value.split('.');
      if ((role !== 'operator' && role !== 'viewer') || rest.length > 0 || !signature) {
        return { ok: false, reason: 'invalid' };
      }
      const issued = Number(issuedText);
      if (!/^\d{1,15}$/.test(issuedText ?? '') || !Number.isSafeInteger(issued)) {
        return { ok: false, reason: 'invalid' };
      }
      if (!timingSafeEqualText(signature, sign(role, issued))) {
        return { ok: false, reason: 'invalid' };
      }
      if (issued > now() + 60_000 || now() - issued >= ttlMs)
        return { ok: false, reason: 'expired' };
      if (revoked.has(signature)) return { ok: false, reason: 'signed-out' };
      return { ok: true, role, id: signature };
    },
    revoke(id: string, issuedValue: string) {
      forgetExpiredRevocations();
      const issued = Number(issuedValue.split('.')[1] ?? now());
      revoked.set(id, issued + ttlMs);
    },
  };
}

export type Sessions = ReturnType<typeof createSessions>;
