'use client';

import { TextField } from './text-field';

/** The command a container or a service's tasks run, through `sh -c` (see `shellCommand`). */
export function CommandField({
  id,
  error,
  value,
  onChange,
  placeholder,
}: {
  id: string;
  error?: string;
  value: string;
  onChange: (value: string) => void;
  /** An example that suits the form. */
  placeholder: string;
}) {
  return (
    <TextField
      id={id}
      label="Command"
      help="Run with sh -c; empty: the image's own."
      error={error}
      value={value}
      onChange={onChange}
      placeholder={placeholder}
    />
  );
}
