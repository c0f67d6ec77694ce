import type { Metadata } from 'next';
import { cookies } from 'next/headers';
import type { ReactNode } from 'react';

import { THEME_COOKIE, parseTheme } from '@/lib/theme';

import './globals.css';

export const metadata: Metadata = {
  title: 'Portolan — live map of Docker networks',
  description: 'Swarm nodes, networks, containers, services, VIPs and ingress paths, live.',
  icons: { icon: '/favicon.svg' },
};

/**
 * The theme is the system's (a CSS media query) unless the person picked one; that choice lives
 * in a cookie so the server renders the right class and nothing flashes, with no inline script.
 */
export default async function RootLayout({ children }: { children: ReactNode }) {
  const theme = parseTheme((await cookies()).get(THEME_COOKIE)?.value);
  return (
    <html lang="en" className={theme ?? undefined}>
      <body className="min-h-screen font-sans antialiased">{children}</body>
    </html>
  );
}
