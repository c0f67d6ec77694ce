'use client';

import { memo, useEffect, useRef, type RefObject } from 'react';

import { cn } from '@/lib/cn';
import type { RowSection } from '@/lib/view/row-groups';
import type { ListRow } from '@/lib/view/rows';

import { TableHead } from '../ui/table';

const STATUS_DOT: Record<ListRow['status'], string> = {
  ok: 'bg-ok',
  warn: 'bg-warn',
  bad: 'bg-bad',
  off: 'bg-muted/50',
};

const KIND_CHIP: Record<ListRow['kind'], string> = {
  node: 'border-border text-muted',
  network: 'border-[var(--kind-network)]/40 text-[var(--kind-network)]',
  container: 'border-[var(--kind-container)]/40 text-[var(--kind-container)]',
  task: 'border-[var(--kind-task)]/40 text-[var(--kind-task)]',
  service: 'border-[var(--kind-service)]/40 text-[var(--kind-service)]',
  port: 'border-[var(--kind-ingress)]/40 text-[var(--kind-ingress)]',
  uplink: 'border-[var(--driver-macvlan)]/40 text-[var(--driver-macvlan)]',
  project: 'border-border text-muted',
};

const LIST_COLUMNS = ['Kind', 'Name', 'Networks', 'Addresses', 'Node', 'State'];

/** A section's header row (grouping by stack): its title selects the stack's inspector page. */
function SectionHeader({
  section,
  selected,
  onSelect,
}: {
  section: RowSection;
  selected: string | null;
  onSelect: (id: string) => void;
}) {
  const { id, title } = section;
  return (
    <tr
      data-testid="list-section"
      data-id={id ?? ''}
      aria-selected={id !== null && id === selected}
      className={cn('border-b border-border bg-border/20', id === selected && 'bg-accent/10')}
    >
      <th colSpan={LIST_COLUMNS.length} scope="rowgroup" className="px-3 py-1.5 text-left">
        {id ? (
          <button
            type="button"
            className="font-semibold hover:underline focus-visible:underline"
            onClick={() => onSelect(id)}
          >
            ▣ {title}
          </button>
        ) : (
          <span className="font-semibold text-muted">{title}</span>
        )}
        <span className="ml-2 text-muted">({section.rows.length})</span>
      </th>
    </tr>
  );
}

/**
 * One element's row. NOTE: memoised on the row's own fields (all plain values): a patch re-renders
 * the rows it changed, not every row of the list (hundreds of rows on a lab of 300 containers).
 */
const ListRowView = memo(
  function ListRowView({
    row,
    selected,
    rowRef,
    onSelect,
  }: {
    row: ListRow;
    selected: boolean;
    rowRef: RefObject<HTMLTableRowElement | null> | undefined;
    onSelect: (id: string) => void;
  }) {
    return (
      <tr
        key={row.id}
        ref={rowRef}
        data-testid="list-row"
        data-id={row.id}
        data-kind={row.kind}
        data-name={row.name}
        data-context={row.context ? 'true' : undefined}
        aria-selected={selected}
        onClick={() => onSelect(row.id)}
        className={cn(
          'cursor-pointer border-b border-border/60 align-top hover:bg-accent/5',
          selected && 'bg-accent/10',
          row.context && 'opacity-60',
          row.stale && 'italic',
        )}
      >
        <td className="px-3 py-1.5 whitespace-nowrap">
          <span
            className={cn(
              'rounded border px-1.5 py-0.5 text-[11px] font-medium',
              KIND_CHIP[row.kind],
            )}
          >
            {row.kindText}
          </span>
        </td>
        <td className="px-3 py-1.5 font-mono font-semibold">
          <button
            type="button"
            className="text-left hover:underline focus-visible:underline"
            onClick={(event) => {
              event.stopPropagation();
              onSelect(row.id);
            }}
          >
            {row.name}
          </button>
        </td>
        <td className="px-3 py-1.5">{row.networks}</td>
        <td className="px-3 py-1.5 font-mono" data-col="addresses">
          {row.addresses}
        </td>
        <td className="px-3 py-1.5 whitespace-nowrap">{row.node}</td>
        <td className="px-3 py-1.5 whitespace-nowrap" data-col="state">
          <span
            aria-hidden
            className={cn('mr-1.5 inline-block size-2 rounded-full', STATUS_DOT[row.status])}
          />
          {row.state}
          {row.stale && ' (stale)'}
        </td>
      </tr>
    );
  },
  (a, b) =>
    a.selected === b.selected &&
    a.rowRef === b.rowRef &&
    a.onSelect === b.onSelect &&
    sameRow(a.row, b.row),
);

function sameRow(a: ListRow, b: ListRow): boolean {
  for (const key of Object.keys(a) as (keyof ListRow)[]) if (a[key] !== b[key]) return false;
  return Object.keys(a).length === Object.keys(b).length;
}

/**
 * The same live graph as a table: the keyboard and screen-reader way through the map (and what
 * tests read). Each name is a button that selects the element and opens the inspector. Grouped
 * by stack, the rows come in one section per stack or compose project.
 */
export function ListView({
  sections,
  selected,
  onSelect,
}: {
  sections: RowSection[];
  selected: string | null;
  onSelect: (id: string) => void;
}) {
  const selectedRef = useRef<HTMLTableRowElement>(null);
  useEffect(() => {
    selectedRef.current?.scrollIntoView({ block: 'nearest' });
  }, [selected]);
  const rows = sections.flatMap((section) => section.rows);

  return (
    <div className="h-full overflow-auto" data-testid="list-view">
      <table className="w-full border-collapse text-left text-xs">
        <caption className="sr-only">
          Every element on the map: {rows.length} rows. Select a name to inspect it.
        </caption>
        <TableHead look="sticky" columns={LIST_COLUMNS} />
        {sections.map((section, index) => (
          <tbody key={section.id ?? `rest-${index}`}>
            {section.title && (
              <SectionHeader section={section} selected={selected} onSelect={onSelect} />
            )}
            {section.rows.map((row) => (
              <ListRowView
                key={row.id}
                row={row}
                selected={row.id === selected}
                rowRef={row.id === selected ? selectedRef : undefined}
                onSelect={onSelect}
              />
            ))}
          </tbody>
        ))}
      </table>
      {rows.length === 0 && (
        <p className="p-6 text-center text-sm text-muted">Nothing matches these filters.</p>
      )}
    </div>
  );
}
