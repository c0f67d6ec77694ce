'use client';

import { useMemo, useState } from 'react';

import { findWorkload } from '@/lib/discovery/model';
import { reach, type ReachVerdict } from '@/lib/discovery/reach';
import type { Topology } from '@/lib/topology/types';

import { Input, Select } from '../ui/input';
import { TableHead } from '../ui/table';
import { ReachObserved } from './reach-observed';
import { ReachVerify } from './reach-verify';
import {
  Addresses,
  Badge,
  Empty,
  Field,
  Panel,
  containerLabel,
  sortedContainers,
  type Tone,
} from './ui';

const VERDICT: Record<ReachVerdict, { label: string; tone: Tone }> = {
  direct: { label: 'Yes, directly', tone: 'ok' },
  published: { label: 'Only through a published port', tone: 'warn' },
  'via-node': { label: 'Yes, through the node', tone: 'warn' },
  unreachable: { label: 'No', tone: 'bad' },
};

function WorkloadSelect({
  id,
  label,
  value,
  onChange,
  topology,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  topology: Topology;
}) {
  const containers = sortedContainers(topology);
  const services = Object.values(topology.services).sort((a, b) => a.name.localeCompare(b.name));
  return (
    <Field label={label} htmlFor={id} className="w-80">
      <Select id={id} look="tool" value={value} onChange={(event) => onChange(event.target.value)}>
        <optgroup label="Containers">
          {containers.map((container) => (
            <option key={container.id} value={`container:${container.id}`}>
              {containerLabel(topology, container)}
            </option>
          ))}
        </optgroup>
        <optgroup label="Services">
          {services.map((service) => (
            <option key={service.id} value={`service:${service.id}`}>
              {service.name} (service, {service.endpointMode})
            </option>
          ))}
        </optgroup>
      </Select>
    </Field>
  );
}

/** "Can A reach B?": shared networks, the address to use, and what must be published. */
export function ReachTool({ topology, canVerify }: { topology: Topology; canVerify: boolean }) {
  const defaults = useMemo(() => {
    const containers = sortedContainers(topology);
    const client = containers.find((container) => container.name === 'client') ?? containers[0];
    const web = Object.values(topology.services).find((service) => service.name === 'web');
    const other = containers.find((container) => container.id !== client?.id);
    return {
      from: client ? `container:${client.id}` : '',
      to: web ? `service:${web.id}` : other ? `container:${other.id}` : '',
    };
  }, [topology]);
  const [fromRef, setFromRef] = useState('');
  const [toRef, setToRef] = useState('');
  const [portText, setPortText] = useState('80');

  const from = findWorkload(topology, fromRef || defaults.from);
  const to = findWorkload(topology, toRef || defaults.to);
  const port = /^\d{1,5}$/.test(portText.trim()) ? Number(portText.trim()) : null;
  const portValid = portText.trim() === '' || (port !== null && port >= 1 && port <= 65_535);
  const result = from.ok && to.ok && portValid ? reach(topology, from.value, to.value, port) : null;

  return (
    <Panel
      title="Can A reach B?"
      description="Containers reach each other directly on the networks they share, without publishing anything; across hosts or from outside, only what is published gets in. “Verify live” tries the connections from inside A."
    >
      <div className="mb-4 flex flex-wrap items-end gap-3">
        <WorkloadSelect
          id="reach-from"
          label="A (from)"
          value={fromRef || defaults.from}
          onChange={setFromRef}
          topology={topology}
        />
        <WorkloadSelect
          id="reach-to"
          label="B (to)"
          value={toRef || defaults.to}
          onChange={setToRef}
          topology={topology}
        />
        <Field
          label="Port"
          htmlFor="reach-port"
          className="w-24"
          hint={portValid ? undefined : '1–65535'}
        >
          <Input
            id="reach-port"
            look="tool"
            inputMode="numeric"
            value={portText}
            aria-invalid={!portValid}
            onChange={(event) => setPortText(event.target.value)}
          />
        </Field>
      </div>
      {!result ? (
        <Empty>Pick two containers or services.</Empty>
      ) : (
        <div className="space-y-4" data-testid="reach-result">
          <div className="flex flex-wrap items-center gap-2">
            <Badge tone={VERDICT[result.verdict].tone} testId="reach-verdict">
              {VERDICT[result.verdict].label}
            </Badge>
            {result.use && (
              <span className="text-sm">
                use{' '}
                <code className="rounded bg-bg px-1.5 py-0.5 font-mono text-xs ring-1 ring-border">
                  {result.use.name ?? result.use.address}
                  {result.use.port !== null ? `:${result.use.port}` : ''}
                </code>
                {result.use.name && <span className="text-muted"> ({result.use.address})</span>}
              </span>
            )}
          </div>
          {from.ok && to.ok && (
            <ReachObserved topology={topology} from={from.value} to={to.value} port={port} />
          )}
          <p className="text-sm">{result.summary}</p>
          <ReachVerify
            canVerify={canVerify}
            query={
              port !== null
                ? { from: fromRef || defaults.from, to: toRef || defaults.to, port }
                : null
            }
          />
          {result.shared.length > 0 && (
            <div className="overflow-x-auto">
              <table className="w-full text-sm">
                <caption className="mb-1 text-left text-xs font-medium text-muted">
                  Networks they share
                </caption>
                <TableHead
                  look="factsTight"
                  columns={[
                    'Network',
                    'Name for B',
                    'B’s address',
                    result.to.kind === 'service' && 'Task addresses',
                    'Notes',
                  ]}
                />
                <tbody>
                  {result.shared.map((entry) => (
                    <tr key={entry.network.id} className="border-t border-border align-top">
                      <td className="py-1.5 pr-3">
                        <span className="font-mono">{entry.network.name}</span>{' '}
                        <span className="text-xs text-muted">{entry.network.driver}</span>{' '}
                        {entry.network.internal && <Badge tone="warn">internal</Badge>}
                      </td>
                      <td className="py-1.5 pr-3 font-mono">
                        {entry.name ?? <span className="text-muted italic">by address</span>}
                      </td>
                      <td className="py-1.5 pr-3">
                        <Addresses values={entry.addresses} />
                        {entry.vip && <span className="ml-1 text-xs text-muted">VIP</span>}
                      </td>
                      {result.to.kind === 'service' && (
                        <td className="py-1.5 pr-3">
                          <Addresses values={entry.taskAddresses} empty="none running" />
                        </td>
                      )}
                      <td className="py-1.5 text-xs text-muted">{entry.notes.join(' ')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {result.serviceNote && <p className="text-sm text-muted">{result.serviceNote}</p>}
          {result.published.length > 0 && (
            <div>
              <h3 className="mb-1 text-xs font-medium text-muted">
                Published for outside (and other hosts)
              </h3>
              <ul className="space-y-1.5 text-sm">
                {result.published.map((way, index) => (
                  <li key={index} className="space-y-0.5">
                    <div className="flex flex-wrap items-center gap-2">
                      <Badge tone="ingress">{way.mode}</Badge>
                      <Addresses values={way.entries} />
                      <span className="text-xs text-muted">
                        → :{way.target}/{way.protocol}
                      </span>
                    </div>
                    <p className="text-xs text-muted">{way.explanation}</p>
                  </li>
                ))}
              </ul>
            </div>
          )}
          {(result.internal.length > 0 || result.advice.length > 0) && (
            <ul className="list-disc space-y-1 pl-5 text-sm">
              {result.internal.map((text) => (
                <li key={text} className="text-warn">
                  {text}
                </li>
              ))}
              {result.advice.map((text) => (
                <li key={text}>{text}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </Panel>
  );
}
