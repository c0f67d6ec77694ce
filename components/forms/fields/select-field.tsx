'use client';

import type { ReactNode } from 'react';

import { Select } from '../../ui/input';
import { FormField, describedBy, type FieldFrame } from './form-field';

/** A choice from a list: the options are the children. */
export function SelectField({
  id,
  label,
  help,
  error,
  className,
  value,
  onChange,
  children,
}: FieldFrame & { value: string; onChange: (value: string) => void; children: ReactNode }) {
  return (
    <FormField id={id} label={label} help={help} error={error} className={className}>
      <Select
        {...describedBy(id, error)}
        value={value}
        onChange={(event) => onChange(event.target.value)}
      >
        {children}
      </Select>
    </FormField>
  );
}
