'use client';

import { createContext, useContext } from 'react';

/** Why live checks are off on this page: shown a past moment (`past`), or for the session's rights. */
export const PastMomentContext = createContext<number | null>(null);

/** The sentence under a disabled live check, saying why it is off. */
export function useVerifyOffReason(): string {
  const past = useContext(PastMomentContext);
  return past !== null
    ? 'Live checks are off in the past: they would run in the containers of now, not of that moment.'
    : 'Live checks run a command in the container: they need the operator token, and are off when Portolan runs read-only.';
}
