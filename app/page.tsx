import { DashboardShell } from '@/components/dashboard-shell';

export default function HomePage() {
  return <DashboardShell />;
}
