'use client';

import type { ComponentProps } from 'react';

import { cn } from '@/lib/cn';

/**
 * The boxes people type into or choose from (text inputs, selects, textareas), one look per
 * setting. NOTE: a look names where a box sits, not what it holds: a select and a text input side
 * by side wear the same one.
 */
export const inputClass = {
  /** The create and update forms: full width, a red border once the field is refused. */
  field:
    'w-full rounded-md border border-border bg-bg px-2 py-1.5 text-sm aria-[invalid=true]:border-bad',
  /** The explain page's tools: full width of their column, the accent border on focus. */
  tool: 'w-full min-w-0 rounded-md border border-border bg-bg px-2.5 py-1.5 text-sm text-text placeholder:text-muted/70 focus-visible:border-accent',
  /**
   * A toolbar's filters (the event list): as wide as their content, on the panel colour. NOTE: the
   * buttons in the same row wear it too, so the toolbar reads as one strip of controls.
   */
  toolbar:
    'rounded-md border border-border bg-panel px-2 py-1 text-sm focus-visible:outline-2 focus-visible:outline-accent',
} as const;

export type InputLook = keyof typeof inputClass;

interface LookProps {
  /** Where the box sits; `field` unless told. */
  look?: InputLook;
}

/** A text input; `className` adds to the look (a width, say). */
export function Input({
  look = 'field',
  className,
  ...props
}: ComponentProps<'input'> & LookProps) {
  return <input {...props} className={cn(inputClass[look], className)} />;
}

/** A select, with its options as children. */
export function Select({
  look = 'field',
  className,
  ...props
}: ComponentProps<'select'> & LookProps) {
  return <select {...props} className={cn(inputClass[look], className)} />;
}

/** A multi-line text box. */
export function TextArea({
  look = 'field',
  className,
  ...props
}: ComponentProps<'textarea'> & LookProps) {
  return <textarea {...props} className={cn(inputClass[look], className)} />;
}
