'use client';

import type { ReactNode } from 'react';

import { cn } from '@/lib/cn';

/** What every field shows around its control: a label, help, and the reason it was refused. */
export interface FieldFrame {
  id: string;
  label: string;
  help?: string;
  error?: string;
  /** Classes for the field's box (its place in a grid), not for the control. */
  className?: string;
}

/** A label, the control, its help text and, when refused, the reason beside it. */
export function FormField({
  id,
  label,
  help,
  error,
  children,
  className,
}: FieldFrame & { children: ReactNode }) {
  return (
    <div className={cn('space-y-1', className)}>
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      {children}
      {error ? (
        <p id={`${id}-error`} role="alert" className="text-xs text-bad" data-testid={`error-${id}`}>
          {error}
        </p>
      ) : help ? (
        <p id={`${id}-help`} className="text-xs text-muted">
          {help}
        </p>
      ) : null}
    </div>
  );
}

/** Props that tie a control to its field's help or error, for screen readers. */
export function describedBy(id: string, error?: string) {
  return {
    id,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': error ? `${id}-error` : `${id}-help`,
  } as const;
}
