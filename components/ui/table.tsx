'use client';

import type { ReactNode } from 'react';

interface HeadStyle {
  head?: string;
  row?: string;
  cell: string;
  /** The last column, where the right-hand gap between columns is not needed. */
  lastCell?: string;
}

/** How a table's header row looks: one family of tables each. */
const HEAD_STYLES = {
  /** The explain page's tables: small muted labels over rows of facts. */
  facts: {
    head: 'text-left text-xs text-muted',
    cell: 'py-1.5 pr-3 font-medium',
    lastCell: 'py-1.5 font-medium',
  },
  /** The same, tighter: the explain page's smaller tables inside a panel's answer. */
  factsTight: {
    head: 'text-left text-xs text-muted',
    cell: 'py-1 pr-3 font-medium',
    lastCell: 'py-1 font-medium',
  },
  /** The list view: it stays on top as the long table scrolls under it. */
  sticky: {
    head: 'sticky top-0 z-10 bg-panel shadow-[0_1px_0_var(--border)]',
    row: 'text-muted',
    cell: 'px-3 py-2 font-semibold',
  },
  /** The audit log: small capitals. */
  log: { head: 'text-xs text-muted uppercase', cell: 'py-1 pr-3' },
  /** A section of the inspector: no box of its own, labels above their columns. */
  inline: { row: 'text-left text-muted', cell: 'pr-3 pb-1 font-medium' },
} as const satisfies Record<string, HeadStyle>;

export type TableHeadLook = keyof typeof HEAD_STYLES;

/**
 * A table's header row: one `<th scope="col">` a column. A column that is `false` or `null` is
 * left out (a column shown only sometimes); a label may be any node (an `sr-only` one, say).
 */
export function TableHead({
  columns,
  look,
}: {
  columns: readonly (ReactNode | false | null)[];
  look: TableHeadLook;
}) {
  const style: HeadStyle = HEAD_STYLES[look];
  const shown = columns.filter((column) => column !== false && column !== null);
  return (
    <thead className={style.head}>
      <tr className={style.row}>
        {shown.map((column, index) => (
          <th
            // NOTE: header cells do not move or change places: their position is their identity.
            key={index}
            scope="col"
            className={index === shown.length - 1 ? (style.lastCell ?? style.cell) : style.cell}
          >
            {column}
          </th>
        ))}
      </tr>
    </thead>
  );
}
