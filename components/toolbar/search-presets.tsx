'use client';

import { cn } from '@/lib/cn';
import type { Layers } from '@/lib/view/model';
import { HIDE_DEFAULT_NETWORKS, togglePreset } from '@/lib/view/presets';

export interface SearchPresetsProps {
  query: string;
  onQuery: (query: string) => void;
  layers: Layers;
  onLayers: (layers: Layers) => void;
  /** "Only what talks to X" for the selected element, as a query; null with nothing selected. */
  talksTo: { name: string; query: string } | null;
}

const chip = (on: boolean) =>
  cn(
    'rounded-md border px-2 py-1 text-xs whitespace-nowrap disabled:cursor-not-allowed disabled:opacity-50',
    on ? 'border-accent/50 bg-accent/10 text-text' : 'border-border text-muted hover:bg-border/40',
  );

/**
 * One-click presets. Each writes search terms or a layer the user can see and undo: the presets
 * are shortcuts into the language, not a second filter.
 */
export function SearchPresets({ query, onQuery, layers, onLayers, talksTo }: SearchPresetsProps) {
  const defaultsHidden = query.includes(HIDE_DEFAULT_NETWORKS);
  const onlyTalks = talksTo !== null && query.trim() === talksTo.query;
  return (
    <div
      role="group"
      aria-label="Presets"
      className="flex items-center gap-1"
      data-testid="presets"
    >
      <button
        type="button"
        aria-pressed={defaultsHidden}
        data-testid="preset-default-networks"
        title={`Hides bridge, host, none and docker_gwbridge on every node: ${HIDE_DEFAULT_NETWORKS}`}
        className={chip(defaultsHidden)}
        onClick={() => onQuery(togglePreset(query, HIDE_DEFAULT_NETWORKS))}
      >
        Hide default networks
      </button>
      <button
        type="button"
        aria-pressed={!layers.system}
        data-testid="preset-system"
        title="Hides the system networks (ingress, docker_gwbridge, bridge, host, none): the System nets layer"
        className={chip(!layers.system)}
        onClick={() => onLayers({ ...layers, system: !layers.system })}
      >
        Hide system
      </button>
      <button
        type="button"
        aria-pressed={onlyTalks}
        disabled={talksTo === null}
        data-testid="preset-talks-to"
        title={
          talksTo
            ? `Keeps what shares a network with ${talksTo.name}: ${talksTo.query}`
            : 'Select an element first'
        }
        className={chip(onlyTalks)}
        onClick={() => talksTo && onQuery(onlyTalks ? '' : talksTo.query)}
      >
        Only what talks to {talksTo ? talksTo.name : 'X'}
      </button>
    </div>
  );
}
