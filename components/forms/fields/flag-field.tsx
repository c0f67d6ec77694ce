'use client';

import { describedBy } from './form-field';

/** A yes/no setting: a checkbox with its label and help beside it, and the refusal below. */
export function FlagField({
  id,
  label,
  help,
  checked,
  onChange,
  error,
}: {
  id: string;
  label: string;
  help: string;
  checked: boolean;
  onChange: (value: boolean) => void;
  error?: string;
}) {
  return (
    <div>
      <label htmlFor={id} className="flex items-start gap-2">
        <input
          {...describedBy(id, error)}
          type="checkbox"
          checked={checked}
          onChange={(e) => onChange(e.target.checked)}
          className="mt-1"
        />
        <span>
          <span className="font-medium">{label}</span>
          <span id={`${id}-help`} className="block text-xs text-muted">
            {help}
          </span>
        </span>
      </label>
      {error && (
        <p id={`${id}-error`} role="alert" className="text-xs text-bad">
          {error}
        </p>
      )}
    </div>
  );
}
