import { describe, expect, it } from 'vitest';

import { DEFAULT_LAYERS } from './model';
import { DEFAULT_VIEW_STATE, decodeViewState, encodeViewState, type ViewState } from './url-state';

describe('URL state codec', () => {
  it('writes nothing for the defaults and reads the defaults back', () => {
    expect(encodeViewState(DEFAULT_VIEW_STATE)).toBe('');
    expect(decodeViewState('')).toEqual(DEFAULT_VIEW_STATE);
  });

  it.each<[string, Partial<ViewState>]>([
    ['?select=abc123', { select: 'abc123' }],
    ['?q=network%3Aappnet+web', { query: 'network:appnet web' }],
    [
      '?layers=system%2Ctasks',
      { layers: { stopped: false, system: true, ingress: false, tasks: true } },
    ],
    ['?layers=', { layers: { stopped: false, system: false, ingress: false, tasks: false } }],
    ['?group=network', { group: 'network' }],
    ['?view=list', { view: 'list' }],
  ])('round-trips %s', (search, patch) => {
    const state = { ...DEFAULT_VIEW_STATE, ...patch };
    expect(encodeViewState(state)).toBe(search);
    expect(decodeViewState(search)).toEqual(state);
  });

  it('keeps everything at once, in a fixed order', () => {
    const state: ViewState = {
      select: 'id-1',
      query: 'driver:overlay',
      layers: { ...DEFAULT_LAYERS, stopped: true },
      group: 'network',
      view: 'list',
    };
    const search = encodeViewState(state);
    expect(search).toBe(
      '?select=id-1&q=driver%3Aoverlay&layers=stopped%2Csystem%2Cingress%2Ctasks&group=network&view=list',
    );
    expect(decodeViewState(search)).toEqual(state);
  });

  it('ignores unknown values and over-long input', () => {
    const state = decodeViewState(
      `?group=sideways&view=3d&layers=bogus,tasks&select=${'x'.repeat(500)}`,
    );
    expect(state.group).toBe('node');
    expect(state.view).toBe('map');
    expect(state.layers).toEqual({ stopped: false, system: false, ingress: false, tasks: true });
    expect(state.select).toBeNull();
  });
});
