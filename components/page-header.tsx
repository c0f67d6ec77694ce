'use client';

import Link from 'next/link';
import type { ReactNode } from 'react';

import { SignOutButton } from './sign-out-button';
import { ThemeToggle } from './theme-toggle';

const PAGES = [
  { href: '/', label: 'Map' },
  { href: '/events', label: 'Events' },
  { href: '/explain', label: 'Discovery & routing' },
  { href: '/audit', label: 'Audit' },
] as const;

/**
 * The header of the pages other than the map: where you are (the page's one h1), the other pages,
 * the theme.
 */
export function PageHeader({ current, status }: { current: string; status?: ReactNode }) {
  return (
    <header className="flex items-center justify-between border-b border-border bg-panel px-5 py-3">
      <div className="flex items-center gap-3">
        <Link href="/" className="text-lg font-semibold tracking-tight hover:underline">
          Portolan
        </Link>
        <span aria-hidden className="text-sm text-muted">
          /
        </span>
        <h1 className="text-sm text-muted">{current}</h1>
        {status}
      </div>
      <nav className="flex items-center gap-4" aria-label="Pages">
        {PAGES.filter((page) => page.label.toLowerCase() !== current.toLowerCase()).map((page) => (
          <Link key={page.href} href={page.href} className="text-sm hover:underline">
            {page.href === '/' ? '← Map' : page.label}
          </Link>
        ))}
        <ThemeToggle />
        <SignOutButton />
      </nav>
    </header>
  );
}
