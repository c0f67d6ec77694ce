'use client';

import { buttonClass } from '../ui/button';

/** The end of every create form: the server's refusal, if any, and the submit button. */
export function FormFooter({
  problem,
  busy,
  label,
  busyLabel,
}: {
  problem: string | null;
  busy: boolean;
  label: string;
  busyLabel: string;
}) {
  return (
    <>
      {problem && (
        <p
          role="alert"
          className="rounded-md border border-bad/40 bg-bad/10 p-2 text-sm"
          data-testid="form-problem"
        >
          {problem}
        </p>
      )}
      <div className="flex justify-end">
        <button type="submit" disabled={busy} className={buttonClass.submit}>
          {busy ? busyLabel : label}
        </button>
      </div>
    </>
  );
}
