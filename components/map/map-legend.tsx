'use client';

import { useState, type ReactNode } from 'react';

function Swatch({ children }: { children: ReactNode }) {
  return (
    <svg
      aria-hidden
      width="22"
      height="18"
      viewBox="-11 -9 22 18"
      className="shrink-0 overflow-visible"
    >
      {children}
    </svg>
  );
}

function Hub({ color, dashed, ring }: { color: string; dashed?: boolean; ring?: string }) {
  return (
    <Swatch>
      <circle
        r="7"
        fill="var(--panel)"
        stroke={color}
        strokeWidth="2"
        strokeDasharray={dashed ? '2 2' : undefined}
      />
      {ring && <circle r="4" fill="none" stroke={ring} strokeWidth="1.2" />}
    </Swatch>
  );
}

function Row({ icon, children }: { icon: ReactNode; children: ReactNode }) {
  return (
    <li className="flex items-center gap-2">
      {icon}
      <span>{children}</span>
    </li>
  );
}

/** What the shapes and colours mean: for someone learning Docker networking. */
export function MapLegend() {
  const [open, setOpen] = useState(false);
  return (
    <div className="pointer-events-auto max-w-[15rem] rounded-lg border border-border bg-panel/95 text-xs shadow-sm backdrop-blur">
      <button
        type="button"
        className="flex w-full items-center justify-between gap-2 px-3 py-1.5 font-semibold text-muted"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
      >
        Legend <span aria-hidden>{open ? '▾' : '▸'}</span>
      </button>
      {open && (
        <div className="grid grid-cols-1 gap-2 px-3 pb-2.5">
          <ul className="space-y-1" aria-label="Networks">
            <Row icon={<Hub color="var(--driver-bridge)" />}>bridge: one host</Row>
            <Row icon={<Hub color="var(--driver-overlay)" />}>overlay: spans hosts</Row>
            <Row
              icon={
                <Swatch>
                  <circle
                    r="7"
                    fill="var(--panel)"
                    stroke="var(--driver-overlay)"
                    strokeWidth="2"
                  />
                  <rect x="2" y="-7" width="7" height="5" rx="1" fill="var(--warn)" />
                </Swatch>
              }
            >
              encrypted overlay
            </Row>
            <Row icon={<Hub color="var(--driver-macvlan)" />}>macvlan / ipvlan: to the LAN</Row>
            <Row icon={<Hub color="var(--driver-host)" />}>host: the node&apos;s own stack</Row>
            <Row icon={<Hub color="var(--driver-none)" dashed />}>none: loopback only</Row>
            <Row
              icon={
                <Swatch>
                  <circle r="6" fill="var(--panel)" stroke="var(--driver-bridge)" strokeWidth="2" />
                  <circle
                    r="8.5"
                    fill="none"
                    stroke="var(--driver-bridge)"
                    strokeWidth="1"
                    strokeDasharray="2 2"
                  />
                </Swatch>
              }
            >
              internal: no way out
            </Row>
            <Row icon={<Hub color="var(--driver-overlay)" ring="var(--kind-ingress)" />}>
              ingress (routing mesh)
            </Row>
          </ul>
          <ul className="space-y-1" aria-label="Workloads">
            <Row
              icon={
                <Swatch>
                  <rect x="-7" y="-7" width="14" height="14" rx="3" fill="var(--kind-container)" />
                </Swatch>
              }
            >
              container
            </Row>
            <Row
              icon={
                <Swatch>
                  <rect x="-6" y="-6" width="12" height="12" rx="3" fill="var(--kind-task)" />
                </Swatch>
              }
            >
              swarm task (its container)
            </Row>
            <Row
              icon={
                <Swatch>
                  <polygon
                    points="8,0 4,6.9 -4,6.9 -8,0 -4,-6.9 4,-6.9"
                    fill="var(--kind-service)"
                  />
                </Swatch>
              }
            >
              service · dashed: dnsrr
            </Row>
            <Row
              icon={
                <Swatch>
                  <rect x="-10" y="-6" width="20" height="12" rx="6" fill="var(--kind-ingress)" />
                </Swatch>
              }
            >
              published port
            </Row>
            <Row
              icon={
                <Swatch>
                  <line
                    x1="-10"
                    y1="0"
                    x2="10"
                    y2="0"
                    stroke="var(--kind-ingress)"
                    strokeWidth="2"
                    strokeDasharray="4 3"
                  />
                </Swatch>
              }
            >
              ingress path
            </Row>
            <Row
              icon={
                <Swatch>
                  <line
                    x1="-10"
                    y1="0"
                    x2="10"
                    y2="0"
                    stroke="var(--kind-service)"
                    strokeWidth="1.6"
                    strokeDasharray="4 3"
                  />
                </Swatch>
              }
            >
              service VIP on a network
            </Row>
          </ul>
        </div>
      )}
    </div>
  );
}
