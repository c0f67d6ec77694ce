import type { Metadata } from 'next';

import { EventsPage } from '@/components/events/events-page';

export const metadata: Metadata = { title: 'Events — Portolan' };

export default function Page() {
  return <EventsPage />;
}
