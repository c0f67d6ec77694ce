'use client';

import { useSyncExternalStore } from 'react';

const listeners = new Set<() => void>();

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const isDark = () => document.documentElement.classList.contains('dark');

/** Light/dark switch; the choice is remembered per browser. */
export function ThemeToggle() {
  const dark = useSyncExternalStore(subscribe, isDark, () => false);

  const toggle = () => {
    const next = !isDark();
    document.documentElement.classList.toggle('dark', next);
    try {
      localStorage.setItem('portolan-theme', next ? 'dark' : 'light');
    } catch {
      // NOTE: private windows may refuse storage; the theme still switches for this page.
    }
    for (const listener of listeners) listener();
  };

  return (
    <button
      type="button"
      onClick={toggle}
      className="rounded-md border border-border px-3 py-1.5 text-sm hover:bg-border/40"
      aria-pressed={dark}
      aria-label="Dark theme"
    >
      {dark ? '☾ Dark' : '☀ Light'}
    </button>
  );
}
