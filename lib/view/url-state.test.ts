import { describe, expect, it } from 'vitest';

import { DEFAULT_LAYERS } from './model';
import {
  decodeCamera,
  DEFAULT_VIEW_STATE,
  decodeViewState,
  encodeViewState,
  sameCamera,
  type ViewState,
} from './url-state';

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
      { layers: { stopped: false, system: true, ingress: false, tasks: true, traffic: false } },
    ],
    [
      '?layers=',
      { layers: { stopped: false, system: false, ingress: false, tasks: false, traffic: false } },
    ],
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
    expect(state.layers).toEqual({
      stopped: false,
      system: false,
      ingress: false,
      tasks: true,
      traffic: false,
    });
    expect(state.select).toBeNull();
  });
});

describe('the camera in a deep link', () => {
  it('round-trips where the view is and its zoom, rounded', () => {
    const state = { ...DEFAULT_VIEW_STATE, camera: { x: 412.4, y: -80.6, k: 0.73219 } };
    const search = encodeViewState(state);
    expect(search).toBe('?cam=412%2C-81%2C0.732');
    expect(decodeViewState(search).camera).toEqual({ x: 412, y: -81, k: 0.732 });
  });

  it('comes after everything else, and is absent while the map fits itself', () => {
    const state: ViewState = {
      ...DEFAULT_VIEW_STATE,
      group: 'network',
      camera: { x: 1, y: 2, k: 1 },
    };
    expect(encodeViewState(state)).toBe('?group=network&cam=1%2C2%2C1');
    expect(decodeViewState('?group=network')).not.toHaveProperty('camera');
  });

  it.each(['1,2', '1,2,3,4', 'a,2,1', '1,,1', '1,2,0', '1,2,100', '1e9,0,1', ''])(
    'ignores a camera it cannot read: %s',
    (cam) => {
      expect(decodeCamera(cam)).toBeNull();
      expect(decodeViewState(`?cam=${encodeURIComponent(cam)}`)).toEqual(DEFAULT_VIEW_STATE);
    },
  );

  it('tells cameras apart as a link would', () => {
    expect(sameCamera({ x: 1.2, y: 2, k: 1 }, { x: 0.9, y: 2, k: 1.0001 })).toBe(true);
    expect(sameCamera({ x: 1, y: 2, k: 1 }, { x: 1, y: 3, k: 1 })).toBe(false);
    expect(sameCamera(undefined, { x: 1, y: 2, k: 1 })).toBe(false);
    expect(sameCamera(undefined, undefined)).toBe(true);
  });
});

describe('a past moment in a deep link', () => {
  it('round-trips ?at= as an ISO time, and ignores one that is not', () => {
    const at = Date.parse('2026-12-02T15:30:45.123Z');
    const search = encodeViewState({ ...DEFAULT_VIEW_STATE, at });
    expect(search).toBe('?at=2026-12-02T15%3A30%3A45.123Z');
    expect(decodeViewState(search).at).toBe(at);
    expect(decodeViewState('?at=2026-12-02T16:30:45%2B01:00').at).toBe(
      Date.parse('2026-12-02T15:30:45Z'),
    );
    expect(decodeViewState('?at=yesterday').at).toBeUndefined();
    expect(decodeViewState('?at=2026-12-02').at).toBeUndefined();
  });
});

describe('a snapshot file in a link', () => {
  it('round-trips ?snapshot=<id>; an empty or odd id asks for a file', () => {
    const search = encodeViewState({ ...DEFAULT_VIEW_STATE, snapshot: 'k3x9q2' });
    expect(search).toBe('?snapshot=k3x9q2');
    expect(decodeViewState(search).snapshot).toBe('k3x9q2');
    expect(decodeViewState('?snapshot=').snapshot).toBe('');
    expect(decodeViewState('?snapshot=../etc').snapshot).toBe('');
    expect(decodeViewState('?view=list').snapshot).toBeUndefined();
    expect(encodeViewState({ ...DEFAULT_VIEW_STATE, snapshot: '' })).toBe('?snapshot=');
  });
});
