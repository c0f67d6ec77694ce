'use client';

import type { AuditFilter } from './audit-view';
import { Input, Select } from '../ui/input';

const PERIODS = [
  { minutes: 0, label: 'any time' },
  { minutes: 15, label: 'last 15 minutes' },
  { minutes: 60, label: 'last hour' },
  { minutes: 24 * 60, label: 'last day' },
] as const;

/** Who, what, outcome, when, and free text over the audit rows. */
export function AuditFilters({
  filter,
  roles,
  onChange,
}: {
  filter: AuditFilter;
  roles: string[];
  onChange: (filter: AuditFilter) => void;
}) {
  return (
    <div role="group" aria-label="Filters" className="mb-3 flex flex-wrap items-center gap-2">
      <Select
        look="toolbar"
        aria-label="Who"
        value={filter.role}
        onChange={(event) => onChange({ ...filter, role: event.target.value })}
      >
        <option value="">anyone</option>
        {roles.map((role) => (
          <option key={role}>{role}</option>
        ))}
      </Select>
      <Select
        look="toolbar"
        aria-label="On what"
        value={filter.kind}
        onChange={(event) =>
          onChange({ ...filter, kind: event.target.value as AuditFilter['kind'] })
        }
      >
        <option value="">anything</option>
        <option value="network">networks</option>
        <option value="container">containers</option>
        <option value="service">services</option>
        <option value="swarm">swarm</option>
        <option value="image">images</option>
      </Select>
      <Select
        look="toolbar"
        aria-label="Outcome"
        value={filter.result}
        onChange={(event) =>
          onChange({ ...filter, result: event.target.value as AuditFilter['result'] })
        }
      >
        <option value="">any outcome</option>
        <option value="ok">ok</option>
        <option value="refused">refused</option>
        <option value="failed">failed</option>
      </Select>
      <Select
        look="toolbar"
        aria-label="When"
        value={String(filter.withinMinutes)}
        onChange={(event) => onChange({ ...filter, withinMinutes: Number(event.target.value) })}
      >
        {PERIODS.map((period) => (
          <option key={period.minutes} value={period.minutes}>
            {period.label}
          </option>
        ))}
      </Select>
      <Input
        look="toolbar"
        aria-label="Action, name or error"
        placeholder="action, name or error…"
        className="w-56"
        value={filter.text}
        onChange={(event) => onChange({ ...filter, text: event.target.value })}
      />
    </div>
  );
}
