/** An explicit theme choice; without one the page follows the system (prefers-color-scheme). */
export type Theme = 'light' | 'dark';

export const THEME_COOKIE = 'portolan-theme';

export function parseTheme(value: string | undefined): Theme | null {
  return value === 'light' || value === 'dark' ? value : null;
}
