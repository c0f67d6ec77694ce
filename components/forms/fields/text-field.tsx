'use client';

import type { ComponentProps } from 'react';

import { Input } from '../../ui/input';
import { FormField, describedBy, type FieldFrame } from './form-field';

type InputProps = Omit<ComponentProps<'input'>, 'id' | 'className' | 'onChange' | 'value'>;

/** A one-line text field: label, input, help or error, tied together for screen readers. */
export function TextField({
  id,
  label,
  help,
  error,
  className,
  value,
  onChange,
  ...input
}: FieldFrame & InputProps & { value: string; onChange: (value: string) => void }) {
  return (
    <FormField id={id} label={label} help={help} error={error} className={className}>
      <Input
        {...describedBy(id, error)}
        {...input}
        value={value}
        onChange={(event) => onChange(event.target.value)}
      />
    </FormField>
  );
}
