'use client';

import { useEffect, useRef, useState, type ReactNode } from 'react';

import { cn } from '@/lib/cn';
import { LAYER_NAMES, type GroupBy, type Layers } from '@/lib/view/model';

import { buttonClass } from '../ui/button';
import { SearchBox } from './search-box';
import { SearchPresets, type SearchPresetsProps } from './search-presets';

const LAYER_LABELS: Record<keyof Layers, string> = {
  stopped: 'Stopped',
  system: 'System nets',
  ingress: 'Ingress paths',
  tasks: 'Tasks',
  traffic: 'Traffic',
};

const LAYER_HINTS: Record<keyof Layers, string> = {
  stopped: 'Exited containers and shut-down tasks',
  system: 'ingress, docker_gwbridge, bridge, host and none',
  ingress: 'Published ports and the path traffic takes: port → ingress → VIP → tasks',
  tasks: 'Swarm tasks under their services',
  traffic: 'Who talks to whom: connections seen between containers, sampled while shown',
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
  /** "Only what talks to X" for the selected element (see SearchPresets). */
  talksTo?: SearchPresetsProps['talksTo'];
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
            value === option.value ? 'bg-accent text-on-accent' : 'hover:bg-border/40',
          )}
        >
          {option.label}
        </button>
      ))}
    </div>
  );
}

/** Search and presets, layers, grouping, map/list, export. */
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
  talksTo,
}: MapToolbarProps) {
  const [exportOpen, setExportOpen] = useState(false);
  const exportRef = useRef<HTMLDivElement>(null);

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
      <SearchBox query={query} onQuery={onQuery} />
      <SearchPresets
        query={query}
        onQuery={onQuery}
        layers={layers}
        onLayers={onLayers}
        talksTo={talksTo ?? null}
      />

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
          { value: 'stack', label: 'By stack' },
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
