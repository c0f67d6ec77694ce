'use client';

import { TextArea } from '../../ui/input';
import { FormField, describedBy, type FieldFrame } from './form-field';

/** A multi-line field, for one entry per line (KEY=value, constraints, ports). */
export function TextAreaField({
  id,
  label,
  help,
  error,
  className,
  rows,
  value,
  onChange,
}: FieldFrame & { rows: number; value: string; onChange: (value: string) => void }) {
  return (
    <FormField id={id} label={label} help={help} error={error} className={className}>
      <TextArea
        {...describedBy(id, error)}
        rows={rows}
        value={value}
        onChange={(event) => onChange(event.target.value)}
      />
    </FormField>
  );
}
