import type { NetworkStyle } from './model';

/** Colours the renderer draws with. The browser fills it from CSS variables (app/globals.css). */
export interface Palette {
  dark: boolean;
  bg: string;
  panel: string;
  border: string;
  text: string;
  muted: string;
  accent: string;
  ok: string;
  warn: string;
  bad: string;
  host: string;
  network: string;
  container: string;
  service: string;
  task: string;
  ingress: string;
  /** The Traffic layer's edges. */
  traffic: string;
  drivers: Record<NetworkStyle, string>;
}

/** The CSS variable each palette entry is read from. */
export const PALETTE_VARIABLES: Readonly<
  Record<Exclude<keyof Palette, 'dark' | 'drivers'>, string>
> = {
  bg: '--bg',
  panel: '--panel',
  border: '--border',
  text: '--text',
  muted: '--muted',
  accent: '--accent',
  ok: '--ok',
  warn: '--warn',
  bad: '--bad',
  host: '--kind-node',
  network: '--kind-network',
  container: '--kind-container',
  service: '--kind-service',
  task: '--kind-task',
  ingress: '--kind-ingress',
  traffic: '--kind-traffic',
};

export const DRIVER_VARIABLES: Readonly<Record<NetworkStyle, string>> = {
  bridge: '--driver-bridge',
  overlay: '--driver-overlay',
  macvlan: '--driver-macvlan',
  ipvlan: '--driver-ipvlan',
  host: '--driver-host',
  none: '--driver-none',
  other: '--driver-other',
};

/** Same values as globals.css, for tests, benchmarks and a server-side export. */
export const LIGHT_PALETTE: Palette = {
  dark: false,
  bg: '#f7f8fa',
  panel: '#ffffff',
  border: '#d9dde3',
  text: '#16202c',
  muted: '#5b6776',
  accent: '#1f6feb',
  ok: '#1a7f37',
  warn: '#9a6700',
  bad: '#cf222e',
  host: '#6e7781',
  network: '#1f6feb',
  container: '#1a7f37',
  service: '#8250df',
  task: '#bf8700',
  ingress: '#d1242f',
  traffic: '#bf3989',
  drivers: {
    bridge: '#1f6feb',
    overlay: '#0a8a8f',
    macvlan: '#d4631b',
    ipvlan: '#b35900',
    host: '#57606a',
    none: '#8c959f',
    other: '#6e7781',
  },
};

export const DARK_PALETTE: Palette = {
  dark: true,
  bg: '#0d1117',
  panel: '#161b22',
  border: '#30363d',
  text: '#e6edf3',
  muted: '#8d96a0',
  accent: '#4493f8',
  ok: '#3fb950',
  warn: '#d29922',
  bad: '#f85149',
  host: '#8d96a0',
  network: '#4493f8',
  container: '#3fb950',
  service: '#a371f7',
  task: '#d29922',
  ingress: '#ff7b72',
  traffic: '#f778ba',
  drivers: {
    bridge: '#4493f8',
    overlay: '#39c5cf',
    macvlan: '#f0883e',
    ipvlan: '#db6d28',
    host: '#8d96a0',
    none: '#6e7681',
    other: '#8d96a0',
  },
};

function parseHex(color: string): [number, number, number] | null {
  const match = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color.trim());
  if (!match?.[1]) return null;
  let hex = match[1];
  if (hex.length === 3) hex = [...hex].map((c) => c + c).join('');
  const value = parseInt(hex, 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}

const toHex = (rgb: [number, number, number]) =>
  `#${rgb
    .map((c) =>
      Math.round(Math.min(255, Math.max(0, c)))
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;

/** `a` blended towards `b` by `t` (0 = a, 1 = b). Non-hex colours return `a` unchanged. */
export function mix(a: string, b: string, t: number): string {
  const x = parseHex(a);
  const y = parseHex(b);
  if (!x || !y) return a;
  return toHex([x[0] + (y[0] - x[0]) * t, x[1] + (y[1] - x[1]) * t, x[2] + (y[2] - x[2]) * t]);
}
