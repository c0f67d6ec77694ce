import type { Metadata } from 'next';
import type { ReactNode } from 'react';

import './globals.css';

export const metadata: Metadata = {
  title: 'Portolan — live map of Docker networks',
  description: 'Swarm nodes, networks, containers, services, VIPs and ingress paths, live.',
  icons: { icon: '/favicon.svg' },
};

// NOTE: runs before paint so the page never flashes the wrong theme.
const themeScript = `try{var t=localStorage.getItem('portolan-theme');if(t==='dark'||(!t&&matchMedia('(prefers-color-scheme: dark)').matches))document.documentElement.classList.add('dark')}catch(e){}`;

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: themeScript }} />
      </head>
      <body className="min-h-screen font-sans antialiased">{children}</body>
    </html>
  );
}
