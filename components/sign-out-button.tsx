'use client';

import { useState } from 'react';

/**
 * Ends this browser's session: the server revokes it and clears the cookie, then the page shows
 * the sign-in notice. NOTE: a DELETE from our own page; no other page can send one (no CORS).
 */
export function SignOutButton() {
  const [failed, setFailed] = useState<string | null>(null);
  const signOut = async () => {
    try {
      const response = await fetch('/api/session', { method: 'DELETE' });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      // NOTE: a full reload, so the server answers with its signed-out page.
      window.location.reload();
    } catch (caught) {
      setFailed(`Could not sign out: ${(caught as Error).message}`);
    }
  };
  return (
    <button
      type="button"
      onClick={() => void signOut()}
      className="rounded-md border border-border px-3 py-1.5 text-sm hover:bg-border/40"
      title={failed ?? 'End this browser’s session (sessions also end after 12 hours)'}
      data-testid="sign-out"
    >
      {failed ? 'Sign out failed' : 'Sign out'}
    </button>
  );
}
