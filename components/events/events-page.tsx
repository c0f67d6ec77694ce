'use client';

import { useRouter } from 'next/navigation';

import { PageHeader } from '../page-header';
import { EventStreamView } from './event-stream-view';

/** `/events`: every Docker event of every engine, live, full screen. */
export function EventsPage() {
  const router = useRouter();
  return (
    <div className="relative flex h-screen flex-col">
      <PageHeader current="events" />
      <main className="flex min-h-0 flex-1 flex-col">
        <EventStreamView
          className="flex-1"
          onSelect={(event) => router.push(`/?select=${encodeURIComponent(event.id)}`)}
        />
      </main>
    </div>
  );
}
