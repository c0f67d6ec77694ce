'use client';

import type { ComponentProps, ReactNode } from 'react';

import { cn } from '@/lib/cn';

const SOLID = 'rounded-md bg-accent font-medium text-on-accent disabled:opacity-60';
const OUTLINE = 'rounded-md border border-border hover:bg-border/40 disabled:opacity-50';

/** The dashboard's buttons, one look per kind of action. */
export const buttonClass = {
  /** A form's main action: Create network, Run container, Initialize swarm. */
  submit: `${SOLID} px-4 py-1.5 text-sm`,
  /** A small form's main action, in a panel (Connect). */
  submitCompact: `${SOLID} px-3 py-1 text-sm`,
  /** The smallest main action, in a section of the inspector (Apply update). */
  submitSmall: `${SOLID} px-3 py-1 text-xs`,
  /** A secondary action among small buttons in a row (Stop, Restart, Roll back, Export). */
  action: `${OUTLINE} px-2.5 py-1 text-xs`,
  /** An action that destroys something (Remove…): the same, in the colour of danger. */
  danger: `${OUTLINE} px-2.5 py-1 text-xs text-bad`,
} as const;

/** A secondary action among small buttons in a row; `danger` for one that destroys something. */
export function ActionButton({
  danger,
  ...props
}: Omit<ComponentProps<'button'>, 'type' | 'className'> & { danger?: boolean }) {
  return (
    <button {...props} type="button" className={danger ? buttonClass.danger : buttonClass.action} />
  );
}

const TOOL =
  'inline-flex items-center gap-1.5 rounded-md border px-3 py-1.5 text-sm font-medium whitespace-nowrap transition-colors disabled:cursor-not-allowed disabled:opacity-50';

/** A button of the explain page's tools (Verify live, Read resolv.conf live): `primary` for the main one. */
export function Button({
  children,
  onClick,
  disabled,
  primary,
  type = 'button',
  label,
}: {
  children: ReactNode;
  onClick?: () => void;
  disabled?: boolean;
  primary?: boolean;
  type?: 'button' | 'submit';
  label?: string;
}) {
  return (
    <button
      type={type}
      aria-label={label}
      onClick={onClick}
      disabled={disabled}
      className={cn(
        TOOL,
        primary
          ? 'border-accent bg-accent text-on-accent hover:opacity-90'
          : 'border-border bg-panel text-text hover:bg-bg',
      )}
    >
      {children}
    </button>
  );
}
