'use client';

import { useEffect, useState } from 'react';

import type { SessionInfo } from '@/lib/http/session';

import { useViewState } from '../map/use-view-state';

let cached: SessionInfo | null = null;

/** Who this page is (viewer or operator, read-only or not), so it shows only what it may use. */
export function useSession(): SessionInfo | null {
  const [session, setSession] = useState<SessionInfo | null>(cached);
  useEffect(() => {
    if (cached) return;
    let cancelled = false;
    fetch('/api/session')
      .then((response) => (response.ok ? (response.json() as Promise<SessionInfo>) : null))
      .then((body) => {
        if (!body || cancelled) return;
        cached = body;
        setSession(body);
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, []);
  return session;
}

/** Why changes are not offered, in words, or null when they are. */
export function whyReadOnly(session: SessionInfo | null): string | null {
  if (!session) return null;
  if (session.snapshot)
    return `Portolan shows the snapshot ${session.snapshot.file}: read-only, no engine.`;
  if (session.readonly)
    return 'Portolan runs read-only (PORTOLAN_READONLY=1): changes are turned off.';
  if (session.role !== 'operator')
    return 'You are signed in with the viewer token: you can look, not change.';
  return null;
}

/**
 * Why changes are not offered on this page now: the session's reasons, or that the map shows a
 * past moment (`?at=`) or a snapshot file (`?snapshot=`): nothing is changed from there.
 */
export function useWhyReadOnly(): { session: SessionInfo | null; blocked: string | null } {
  const session = useSession();
  const { at, snapshot } = useViewState();
  if (snapshot !== undefined) {
    return { session, blocked: 'You are looking at a snapshot file: read-only, no engine.' };
  }
  if (at !== undefined) {
    return {
      session,
      blocked: 'You are looking at the past: press Live to change things.',
    };
  }
  return { session, blocked: whyReadOnly(session) };
}
