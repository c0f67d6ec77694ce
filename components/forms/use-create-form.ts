'use client';

import { useState, type FormEvent } from 'react';

import { submitJson } from './submit-json';

export interface Created {
  id: string;
  name: string;
}

/**
 * The life of a create form: check the request where the person is (the same rules as the
 * server), send it, and show the refusals, the browser's or the server's, beside their fields.
 */
export function useCreateForm(path: string, onDone: (created: Created) => void) {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  /** `check` returns the refusals of the request found before sending: none, and it goes. */
  const submit = async <Body>(
    event: FormEvent,
    body: Body,
    check: (body: Body) => Record<string, string>,
  ): Promise<void> => {
    event.preventDefault();
    setProblem(null);
    const local = check(body);
    setErrors(local);
    if (Object.keys(local).length > 0) return;
    setBusy(true);
    const result = await submitJson<Created>('POST', path, body);
    setBusy(false);
    if (result.ok) {
      onDone(result.data);
      return;
    }
    setErrors(result.fields);
    setProblem(result.error);
  };

  return { errors, problem, busy, submit };
}
