'use client';

import { useEffect, useMemo, useState } from 'react';

import { parseFilter } from '@/lib/view/filter';

/** The language's reference, one click per example (docs/map.md "Find and hide" says the same). */
const FILTER_HELP: [string, string][] = [
  ['web', 'name, id, image, IP or alias contains'],
  ['name:=web', 'name (= matches whole values, any key)'],
  ['network:appnet', 'on a network'],
  ['driver:overlay', 'on networks of a driver'],
  ['node:node-2', 'on a host'],
  ['stack:shop', 'a swarm stack or compose project'],
  ['service:web', 'a service and its tasks'],
  ['project:shop', 'a compose project (aliases: net: host: svc: is: type:)'],
  ['label:tier=front', 'by label (or label:tier)'],
  ['state:running', 'by state (a service: 2/3)'],
  ['port:8080', 'a published port'],
  ['kind:container', 'network, container, task, service, port'],
  ['-kind:task', 'a leading - (or not:) excludes'],
  ['node:node-1 OR node:node-2', 'either; also node:node-1,node-2'],
  ['hide:kind:network', 'hide: removes matches and their edges'],
];

const SYNTAX_TITLE =
  'Find: terms side by side must all match (AND); OR or a comma: either. ' +
  'Keys: name network driver node stack service label state port kind. ' +
  '-term or not:term excludes; hide:term removes what matches. Press ? for examples.';

export interface SearchBoxProps {
  query: string;
  onQuery: (query: string) => void;
}

/** The search box: the query as typed (sent after a pause), its errors and its syntax help. */
export function SearchBox({ query, onQuery }: SearchBoxProps) {
  const [draft, setDraft] = useState(query);
  const [helpOpen, setHelpOpen] = useState(false);
  const errors = useMemo(() => parseFilter(draft).errors, [draft]);

  // The URL (deep link, back/forward, a preset) can change the query under us.
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

  return (
    <div className="relative flex min-w-[14rem] flex-1 flex-col">
      <div className="relative flex items-center">
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
          placeholder="Find or hide: web  network:appnet  node:node-2  hide:kind:task"
          aria-label="Search and filter"
          aria-invalid={errors.length > 0}
          aria-describedby={errors.length > 0 ? 'search-error' : undefined}
          title={SYNTAX_TITLE}
          data-testid="search"
          className="w-full rounded-md border border-border bg-bg py-1 pr-8 pl-7 font-mono text-xs placeholder:font-sans placeholder:text-muted focus:border-accent focus:outline-none aria-[invalid=true]:border-bad"
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
      </div>
      {errors.length > 0 && (
        <p
          id="search-error"
          role="alert"
          data-testid="search-error"
          className="mt-1 text-xs text-bad"
        >
          {errors.join(' ')}
        </p>
      )}
      {helpOpen && (
        <div
          className="absolute top-full left-0 z-30 mt-1 w-[28rem] rounded-md border border-border bg-panel p-3 text-xs shadow-lg"
          role="dialog"
          aria-label="Filter syntax"
        >
          <p className="mb-2 text-muted">
            Terms side by side must all match; <code>OR</code> binds tighter (<code>a OR b c</code>{' '}
            is (a or b) and c). Matches keep their neighbours as faded context. Click an example to
            add it.
          </p>
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
  );
}
