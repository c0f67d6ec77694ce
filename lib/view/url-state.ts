import { DEFAULT_LAYERS, LAYER_NAMES, type GroupBy, type Layers } from './model';

/** What a deep link keeps: `?select=<id>&q=<query>&layers=system,tasks&group=network&view=list`. */
export interface ViewState {
  /** Graph id of the selected element (a host's node id, a container id…), or null. */
  select: string | null;
  query: string;
  layers: Layers;
  group: GroupBy;
  view: 'map' | 'list';
}

export const DEFAULT_VIEW_STATE: Readonly<ViewState> = {
  select: null,
  query: '',
  layers: DEFAULT_LAYERS,
  group: 'node',
  view: 'map',
};

function sameLayers(a: Layers, b: Layers): boolean {
  return LAYER_NAMES.every((name) => a[name] === b[name]);
}

/** Reads a query string (with or without `?`). Unknown values fall back to the defaults. */
export function decodeViewState(search: string): ViewState {
  const params = new URLSearchParams(search.startsWith('?') ? search.slice(1) : search);
  const layersParam = params.get('layers');
  let layers: Layers = { ...DEFAULT_LAYERS };
  if (layersParam !== null) {
    const on = new Set(layersParam.split(',').map((name) => name.trim()));
    layers = { stopped: false, system: false, ingress: false, tasks: false };
    for (const name of LAYER_NAMES) layers[name] = on.has(name);
  }
  const group = params.get('group');
  const view = params.get('view');
  const select = params.get('select');
  return {
    select: select && select.length <= 200 ? select : null,
    query: (params.get('q') ?? '').slice(0, 500),
    layers,
    group: group === 'network' ? 'network' : 'node',
    view: view === 'list' ? 'list' : 'map',
  };
}

/**
 * Writes the state as a query string starting with `?`, or `''` when everything is default.
 * Only what differs from the defaults is written, in a fixed order, so links stay short and stable.
 */
export function encodeViewState(state: ViewState): string {
  const params = new URLSearchParams();
  if (state.select) params.set('select', state.select);
  if (state.query.trim() !== '') params.set('q', state.query);
  if (!sameLayers(state.layers, DEFAULT_LAYERS)) {
    params.set('layers', LAYER_NAMES.filter((name) => state.layers[name]).join(','));
  }
  if (state.group !== 'node') params.set('group', state.group);
  if (state.view !== 'map') params.set('view', state.view);
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}
