'use client';

import { TextField } from './text-field';

/** Extra DNS names of a container on one network (see `parseAliases`). */
export function AliasesField({
  id,
  error,
  value,
  onChange,
  placeholder,
  disabled,
}: {
  id: string;
  error?: string;
  value: string;
  onChange: (value: string) => void;
  placeholder?: string;
  disabled?: boolean;
}) {
  return (
    <TextField
      id={id}
      label="Aliases"
      help="Extra DNS names on that network."
      error={error}
      value={value}
      onChange={onChange}
      placeholder={placeholder}
      disabled={disabled}
    />
  );
}
