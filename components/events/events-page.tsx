'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';

import { ThemeToggle } from '../theme-toggle';
import { EventStreamView } from './event-stream-view';

/** `/events`: every Docker event of every engine, live, full screen. */
export function EventsPage() {
  const router = useRouter();
  return (
    <div className="relative flex h-screen flex-col">
      <header className="flex items-center justify-between border-b border-border bg-panel px-5 py-3">
        <div className="flex items-center gap-3">
          <Link href="/" className="text-lg font-semibold tracking-tight hover:underline">
            Portolan
          </Link>
          <span className="text-sm text-muted">/ events</span>
        </div>
        <div className="flex items-center gap-4">
          <Link href="/" className="text-sm hover:underline">
            ← Map
          </Link>
          <ThemeToggle />
        </div>
      </header>
      <EventStreamView
        className="flex-1"
        onSelect={(event) => router.push(`/?select=${encodeURIComponent(event.id)}`)}
      />
    </div>
  );
}
