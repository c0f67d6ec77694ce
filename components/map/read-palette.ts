import {
  DARK_PALETTE,
  DRIVER_VARIABLES,
  LIGHT_PALETTE,
  PALETTE_VARIABLES,
  type Palette,
} from '@/lib/view/palette';

import { isDarkTheme } from '../theme-toggle';

/** The map's colours, read from the theme's CSS variables (so dark mode is one class away). */
export function readPalette(root: HTMLElement = document.documentElement): Palette {
  const dark = isDarkTheme();
  const fallback = dark ? DARK_PALETTE : LIGHT_PALETTE;
  const style = getComputedStyle(root);
  const read = (name: string, otherwise: string) =>
    style.getPropertyValue(name).trim() || otherwise;
  const palette: Palette = { ...fallback, dark, drivers: { ...fallback.drivers } };
  for (const [key, variable] of Object.entries(PALETTE_VARIABLES) as [
    keyof typeof PALETTE_VARIABLES,
    string,
  ][]) {
    palette[key] = read(variable, fallback[key]);
  }
  for (const [key, variable] of Object.entries(DRIVER_VARIABLES) as [
    keyof Palette['drivers'],
    string,
  ][]) {
    palette.drivers[key] = read(variable, fallback.drivers[key]);
  }
  return palette;
}
