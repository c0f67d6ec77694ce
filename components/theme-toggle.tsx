'use client';

import { useSyncExternalStore } from 'react';

import { THEME_COOKIE, type Theme } from '@/lib/theme';

const listeners = new Set<() => void>();

function subscribe(listener: () => void) {
  listeners.add(listener);
  const media = window.matchMedia('(prefers-color-scheme: dark)');
  media.addEventListener('change', listener);
  return () => {
    listeners.delete(listener);
    media.removeEventListener('change', listener);
  };
}

/** The theme in effect: the explicit choice on <html>, else the system's. */
export function isDarkTheme(): boolean {
  const classes = document.documentElement.classList;
  if (classes.contains('dark')) return true;
  if (classes.contains('light')) return false;
  return window.matchMedia('(prefers-color-scheme: dark)').matches;
}

/** Light/dark switch; the choice is kept in a cookie so the server renders it next time. */
export function ThemeToggle() {
  const dark = useSyncExternalStore(subscribe, isDarkTheme, () => false);

  const toggle = () => {
    const next: Theme = isDarkTheme() ? 'light' : 'dark';
    const classes = document.documentElement.classList;
    classes.remove('light', 'dark');
    classes.add(next);
    document.cookie = `${THEME_COOKIE}=${next}; Path=/; Max-Age=31536000; SameSite=Strict`;
    for (const listener of listeners) listener();
  };

  const action = dark ? 'Switch to light theme' : 'Switch to dark theme';
  return (
    <button
      type="button"
      onClick={toggle}
      className="rounded-md border border-border px-3 py-1.5 text-sm hover:bg-border/40"
      // NOTE: the button names what it does, not the theme in effect: it shows where it leads.
      aria-label={action}
      title={action}
      suppressHydrationWarning
    >
      {dark ? '☀ Light' : '☾ Dark'}
    </button>
  );
}
