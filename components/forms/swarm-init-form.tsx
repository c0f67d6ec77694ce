'use client';

import { useEffect, useState, type FormEvent } from 'react';

import { buttonClass } from '../ui/button';
import { Select } from '../ui/input';
import { submitJson } from './submit-json';

/** "Initialize swarm" on an engine outside swarm mode, choosing the address other nodes will use. */
export function SwarmInitForm({ engine, onDone }: { engine: string; onDone: () => void }) {
  const [addresses, setAddresses] = useState<string[] | null>(null);
  const [address, setAddress] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let cancelled = false;
    fetch(`/api/swarm/addresses?engine=${encodeURIComponent(engine)}`)
      .then((response) => (response.ok ? response.json() : { addresses: [] }))
      .then((body: { addresses?: string[] }) => {
        if (cancelled) return;
        setAddresses(body.addresses ?? []);
        setAddress(body.addresses?.[0] ?? '');
      })
      .catch(() => !cancelled && setAddresses([]));
    return () => {
      cancelled = true;
    };
  }, [engine]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const result = await submitJson('POST', '/api/swarm/init', { engine, advertiseAddr: address });
    setBusy(false);
    if (result.ok) onDone();
    else setProblem(Object.values(result.fields)[0] ?? result.error);
  };

  return (
    <form
      onSubmit={(event) => void submit(event)}
      className="space-y-3"
      aria-label="Initialize swarm"
    >
      <p className="text-sm">
        {engine} is not in swarm mode. Initializing makes it the first manager: services, overlay
        networks and the ingress routing mesh become available.
      </p>
      <label htmlFor="swarm-address" className="block text-sm font-medium">
        Advertise address (other nodes reach this one here)
      </label>
      <Select id="swarm-address" value={address} onChange={(e) => setAddress(e.target.value)}>
        {(addresses ?? []).map((candidate) => (
          <option key={candidate}>{candidate}</option>
        ))}
      </Select>
      {addresses?.length === 0 && (
        <p className="text-xs text-muted">No usable address found for {engine}.</p>
      )}
      {problem && (
        <p role="alert" className="text-xs text-bad">
          {problem}
        </p>
      )}
      <button type="submit" disabled={busy || !address} className={buttonClass.submit}>
        {busy ? 'Initializing…' : 'Initialize swarm'}
      </button>
    </form>
  );
}
