import type { Metadata } from 'next';

import { ExplainPage } from '@/components/explain/explain-page';

export const metadata: Metadata = { title: 'Discovery & ingress — Portolan' };

export default function Page() {
  return <ExplainPage />;
}
