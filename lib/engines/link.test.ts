import { describe, expect, it } from 'vitest';

import { connectingLink, toEngineState } from './link';

describe('toEngineState', () => {
  it('keeps only a live engine fresh', () => {
    expect(toEngineState({ state: 'live', error: null, retry: null })).toEqual({
      reachable: true,
      stale: false,
      error: null,
    });
    expect(toEngineState(connectingLink())).toEqual({ reachable: false, stale: true, error: null });
  });

  it('carries why a down engine is down', () => {
    const down = { state: 'down', error: 'gone', retry: { attempt: 2, nextInMs: 500 } } as const;
    expect(toEngineState(down)).toEqual({ reachable: false, stale: true, error: 'gone' });
  });
});
