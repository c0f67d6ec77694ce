import { DEFAULT_LAYERS, LAYER_NAMES, type GroupBy, type Layers } from './model';

/**
 * Where the map is looked at from: the layout point at the middle of the view, and the zoom.
 * NOTE: element positions are not in the link (thousands of them would not fit in a URL); they
 * are kept per browser (components/map/layout-store.ts).
 */
export interface MapCamera {
  x: number;
  y: number;
  k: number;
}

/**
 * What a deep link keeps:
 * `?select=<id>&q=<query>&layers=system,tasks&group=network&view=list&cam=<x>,<y>,<zoom>`.
 */
export interface ViewState {
  /** Graph id of the selected element (a host's node id, a container id…), or null. */
  select: string | null;
  query: string;
  layers: Layers;
  group: GroupBy;
  view: 'map' | 'list';
  /** Where the user put the view; absent while the map fits itself to the screen. */
  camera?: MapCamera;
  /** The past moment shown (ms since the epoch); absent while the map is live. */
  at?: number;
  /**
   * A snapshot file opened in this browser tab (`?snapshot=<id>`), shown instead of the live map;
   * `''` (`?snapshot=`) asks for a file.
   */
  snapshot?: string;
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

const MIN_ZOOM = 0.01;
const MAX_ZOOM = 10;
const MAX_COORDINATE = 1e7;

/** `x,y,k`: layout units rounded to a unit, the zoom to a thousandth. */
export function encodeCamera(camera: MapCamera): string {
  const k = Math.round(camera.k * 1000) / 1000;
  return `${Math.round(camera.x)},${Math.round(camera.y)},${k}`;
}

/** Reads `x,y,k`; null when it is not three numbers in range. */
export function decodeCamera(text: string | null): MapCamera | null {
  const parts = (text ?? '').split(',');
  if (parts.length !== 3 || parts.some((part) => part.trim() === '')) return null;
  const [x, y, k] = parts.map(Number) as [number, number, number];
  if (![x, y, k].every(Number.isFinite)) return null;
  if (Math.abs(x) > MAX_COORDINATE || Math.abs(y) > MAX_COORDINATE) return null;
  if (k < MIN_ZOOM || k > MAX_ZOOM) return null;
  return { x, y, k };
}

/** Same camera once written to a link (what a link cannot tell apart). */
export function sameCamera(a: MapCamera | undefined, b: MapCamera | undefined): boolean {
  if (!a || !b) return a === b;
  return encodeCamera(a) === encodeCamera(b);
}

/** Reads a query string (with or without `?`). Unknown values fall back to the defaults. */
export function decodeViewState(search: string): ViewState {
  const params = new URLSearchParams(search.startsWith('?') ? search.slice(1) : search);
  const layersParam = params.get('layers');
  let layers: Layers = { ...DEFAULT_LAYERS };
  if (layersParam !== null) {
    const on = new Set(layersParam.split(',').map((name) => name.trim()));
    layers = { stopped: false, system: false, ingress: false, tasks: false, traffic: false };
    for (const name of LAYER_NAMES) layers[name] = on.has(name);
  }
  const group = params.get('group');
  const view = params.get('view');
  const select = params.get('select');
  const camera = decodeCamera(params.get('cam'));
  const at = decodeMoment(params.get('at'));
  const snapshot = params.get('snapshot');
  return {
    select: select && select.length <= 200 ? select : null,
    query: (params.get('q') ?? '').slice(0, 500),
    layers,
    group: group === 'network' || group === 'stack' ? group : 'node',
    view: view === 'list' ? 'list' : 'map',
    ...(camera ? { camera } : {}),
    ...(at === null ? {} : { at }),
    ...(snapshot === null ? {} : { snapshot: SNAPSHOT_ID.test(snapshot) ? snapshot : '' }),
  };
}

/** The id a tab gives a snapshot file it opened. */
const SNAPSHOT_ID = /^[a-z0-9]{1,32}$/;

/** `?at=` as an ISO 8601 time with a zone; anything else is ignored (the map stays live). */
function decodeMoment(value: string | null): number | null {
  if (!value || !/^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2})$/.test(value)) return null;
  const time = Date.parse(value);
  return Number.isFinite(time) ? time : null;
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
  if (state.camera) params.set('cam', encodeCamera(state.camera));
  if (state.at !== undefined) params.set('at', new Date(state.at).toISOString());
  if (state.snapshot !== undefined) params.set('snapshot', state.snapshot);
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}
