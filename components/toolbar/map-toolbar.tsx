'use client';

import { useEffect, useRef, useState, type ReactNode } from 'react';

import { cn } from '@/lib/cn';
import { LAYER_NAMES, type GroupBy, type Layers } from '@/lib/view/model';

import { buttonClass } from '../ui/button';

const LAYER_LABELS: Record<keyof Layers, string> = {
  stopped: 'Stopped',
  system: 'System nets',
  ingress: 'Ingress paths',
  tasks: 'Tasks',
};

const LAYER_HINTS: Record<keyof Layers, string> = {
  stopped: 'Exited containers and shut-down tasks',
  system: 'ingress, docker_gwbridge, bridge, host and none',
  ingress: 'Published ports and the path traffic takes: port → ingress → VIP → tasks',
  tasks: 'Swarm tasks under their services',
};

export type ExportFormat = 'svg' | 'png' | 'json';

export interface MapToolbarProps {
  query: string;
  onQuery: (query: string) => void;
  layers: Layers;
  onLayers: (layers: Layers) => void;
  group: GroupBy;
  onGroup: (group: GroupBy) => void;
  view: 'map' | 'list';
  onView: (view: 'map' | 'list') => void;
  onExport: (format: ExportFormat) => void;
  /** Lays the map out afresh (positions are otherwise kept); no button without it. */
  onTidy?: () => void;
}

function Segmented<T extends string>({
  label,
  value,
  options,
  onChange,
  testId,
}: {
  label: string;
  value: T;
  options: { value: T; label: ReactNode }[];
  onChange: (value: T) => void;
  testId: string;
}) {
  return (
    <div
      role="radiogroup"
      aria-label={label}
      data-testid={testId}
      className="flex overflow-hidden rounded-md border border-border"
    >
      {options.map((option, index) => (
        <button
          key={option.value}
          type="button"
          role="radio"
          aria-checked={value === option.value}
          onClick={() => onChange(option.value)}
          className={cn(
            'px-2.5 py-1 text-xs font-medium whitespace-nowrap',
            index > 0 && 'border-l border-border',
            value === option.value ? 'bg-accent text-white' : 'hover:bg-border/40',
          )}
        >
          {option.label}
        </button>
      ))}
    </div>
  );
}

const FILTER_HELP: [string, string][] = [
  ['web', 'name, id, image, IP or alias'],
  ['network:appnet', 'on a network'],
  ['driver:overlay', 'on networks of a driver'],
  ['node:node-2', 'on a host'],
  ['service:web', 'tasks of a service'],
  ['project:shop', 'a compose project'],
  ['stack:prod', 'a swarm stack'],
  ['label:tier=front', 'by label (or label:tier)'],
  ['kind:container', 'network, container, task, service, port'],
  ['state:running', 'by state'],
  ['-kind:task', 'a leading - excludes'],
];

/** Search and filters, layers, grouping, map/list, export. */
export function MapToolbar({
  query,
  onQuery,
  layers,
  onLayers,
  group,
  onGroup,
  view,
  onView,
  onExport,
  onTidy,
}: MapToolbarProps) {
  const [draft, setDraft] = useState(query);
  const [exportOpen, setExportOpen] = useState(false);
  const [helpOpen, setHelpOpen] = useState(false);
  const exportRef = useRef<HTMLDivElement>(null);

  // The URL (deep link, back/forward) can change the query under us.
  const [lastQuery, setLastQuery] = useState(query);
  if (query !== lastQuery) {
    setLastQuery(query);
    setDraft(query);
  }

  useEffect(() => {
    if (draft === query) return;
    const timer = setTimeout(() => onQuery(draft), 150);
    return () => clearTimeout(timer);
  }, [draft, query, onQuery]);

  useEffect(() => {
    if (!exportOpen) return;
    const close = (event: MouseEvent) => {
      if (!exportRef.current?.contains(event.target as Node)) setExportOpen(false);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [exportOpen]);

  return (
    <div
      className="flex flex-wrap items-center gap-x-3 gap-y-2 border-b border-border bg-panel px-4 py-2"
      role="toolbar"
      aria-label="Map controls"
    >
      <div className="relative flex min-w-[14rem] flex-1 items-center">
        <span aria-hidden className="pointer-events-none absolute left-2.5 text-muted">
          ⌕
        </span>
        <input
          type="search"
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') onQuery(draft);
          }}
          placeholder="Search or filter: web  network:appnet  driver:overlay  node:node-2"
          aria-label="Search and filter"
          data-testid="search"
          className="w-full rounded-md border border-border bg-bg py-1 pr-8 pl-7 font-mono text-xs placeholder:font-sans placeholder:text-muted focus:border-accent focus:outline-none"
        />
        <button
          type="button"
          className="absolute right-1.5 rounded px-1 text-xs text-muted hover:text-text"
          aria-label="Filter syntax"
          aria-expanded={helpOpen}
          onClick={() => setHelpOpen(!helpOpen)}
        >
          ?
        </button>
        {helpOpen && (
          <div
            className="absolute top-full left-0 z-30 mt-1 w-96 rounded-md border border-border bg-panel p-3 text-xs shadow-lg"
            role="dialog"
            aria-label="Filter syntax"
          >
            <p className="mb-2 text-muted">Terms are combined with AND. Click one to add it.</p>
            <ul className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
              {FILTER_HELP.map(([term, what]) => (
                <li key={term} className="contents">
                  <button
                    type="button"
                    className="text-left font-mono text-accent hover:underline"
                    onClick={() => {
                      const next = `${draft.trim()} ${term}`.trim();
                      setDraft(next);
                      onQuery(next);
                      setHelpOpen(false);
                    }}
                  >
                    {term}
                  </button>
                  <span className="text-muted">{what}</span>
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>

      <fieldset className="flex items-center gap-1" data-testid="layers">
        <legend className="sr-only">Layers</legend>
        {LAYER_NAMES.map((name) => (
          <label
            key={name}
            title={LAYER_HINTS[name]}
            className={cn(
              'flex cursor-pointer items-center gap-1.5 rounded-md border px-2 py-1 text-xs whitespace-nowrap select-none',
              layers[name] ? 'border-accent/50 bg-accent/10 text-text' : 'border-border text-muted',
            )}
          >
            <input
              type="checkbox"
              className="size-3 accent-[var(--accent)]"
              checked={layers[name]}
              data-testid={`layer-${name}`}
              onChange={(event) => onLayers({ ...layers, [name]: event.target.checked })}
            />
            {LAYER_LABELS[name]}
          </label>
        ))}
      </fieldset>

      <Segmented
        label="Group by"
        testId="group-by"
        value={group}
        onChange={onGroup}
        options={[
          { value: 'node', label: 'By node' },
          { value: 'network', label: 'By network' },
        ]}
      />
      {onTidy && (
        <button
          type="button"
          data-testid="tidy"
          title="Lay the map out afresh: elements otherwise keep their places"
          onClick={onTidy}
          className={cn(buttonClass.action, 'font-medium')}
        >
          Tidy
        </button>
      )}
      <Segmented
        label="View"
        testId="view-switch"
        value={view}
        onChange={onView}
        options={[
          { value: 'map', label: 'Map' },
          { value: 'list', label: 'List' },
        ]}
      />

      <div className="relative" ref={exportRef}>
        <button
          type="button"
          aria-haspopup="menu"
          aria-expanded={exportOpen}
          data-testid="export"
          onClick={() => setExportOpen(!exportOpen)}
          className={cn(buttonClass.action, 'font-medium')}
        >
          Export ▾
        </button>
        {exportOpen && (
          <ul
            role="menu"
            className="absolute right-0 z-30 mt-1 w-48 rounded-md border border-border bg-panel py-1 text-xs shadow-lg"
          >
            {(
              [
                ['svg', 'SVG (vector, as shown)'],
                ['png', 'PNG (image)'],
                ['json', 'JSON (graph + positions)'],
              ] as const
            ).map(([format, label]) => (
              <li key={format} role="none">
                <button
                  type="button"
                  role="menuitem"
                  data-testid={`export-${format}`}
                  className="w-full px-3 py-1.5 text-left hover:bg-border/40"
                  onClick={() => {
                    setExportOpen(false);
                    onExport(format);
                  }}
                >
                  {label}
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
