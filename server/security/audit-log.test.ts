import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { createAuditLog, type AuditEntry } from './audit-log';

const dirs: string[] = [];
function tempDir() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portolan-audit-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const entry = (overrides: Partial<AuditEntry> = {}): AuditEntry => ({
  time: new Date(1_700_000_000_000 + Math.round(Math.random() * 1000)).toISOString(),
  role: 'viewer',
  action: 'POST /api/networks',
  target: '-',
  status: 403,
  result: 'refused',
  ...overrides,
});

function lines(file: string): AuditEntry[] {
  return fs
    .readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as AuditEntry);
}

describe('audit log', () => {
  it('collapses a client’s identical refusals into one entry with a count, one more line when the run ends', async () => {
    let time = 0;
    const audit = createAuditLog(tempDir(), { collapseMs: 1_000, now: () => time });
    for (let i = 0; i < 500; i++) audit.refusal(entry(), 'client-a');
    audit.refusal(entry({ action: 'DELETE /api/services/x' }), 'client-a');
    audit.refusal(entry(), 'client-b');
    expect(audit.recent()).toHaveLength(3);
    expect(audit.recent().find((e) => e.count)?.count).toBe(500);
    time += 1_000;
    audit.refusal(entry(), 'client-a');
    await audit.flush();
    audit.stop();
    const written = lines(audit.file);
    expect(written).toHaveLength(5);
    expect(written.filter((e) => e.count === 500)).toHaveLength(1);
  });

  it('keeps refusals apart, so a flood cannot push accepted changes out of memory', async () => {
    const audit = createAuditLog(tempDir(), { keep: 10, keepRefusals: 5 });
    for (let i = 0; i < 10; i++)
      audit.record(entry({ role: 'operator', status: 201, result: 'ok' }));
    for (let i = 0; i < 50; i++) audit.refusal(entry({ action: `POST /api/x${i}` }), `client-${i}`);
    const recent = audit.recent();
    expect(recent.filter((e) => e.result === 'ok')).toHaveLength(10);
    expect(recent.filter((e) => e.result === 'refused')).toHaveLength(5);
    await audit.flush();
    audit.stop();
  });

  it('writes without blocking, in order, mode 0600, and rotates past its size', async () => {
    const dir = tempDir();
    const audit = createAuditLog(dir, { maxFileBytes: 2_000 });
    for (let i = 0; i < 40; i++)
      audit.record(entry({ target: `t${i}`, result: 'ok', status: 200 }));
    await audit.flush();
    audit.stop();
    expect(fs.statSync(audit.file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(audit.file).size).toBeLessThanOrEqual(2_000);
    expect(fs.existsSync(`${audit.file}.1`)).toBe(true);
    const targets = [...lines(`${audit.file}.1`), ...lines(audit.file)].map((e) => e.target);
    expect(targets.at(-1)).toBe('t39');
    expect(targets).toEqual([...targets].sort((a, b) => Number(a.slice(1)) - Number(b.slice(1))));
  });

  it('mirrors every line it writes to the file (the server: stdout, as JSON)', async () => {
    const dir = tempDir();
    const mirrored: AuditEntry[] = [];
    const audit = createAuditLog(dir, { mirror: (line) => mirrored.push(line) });
    audit.record(entry({ target: 'web', result: 'ok', status: 200 }));
    audit.refusal(entry(), 'client-a');
    audit.refusal(entry(), 'client-a');
    await audit.flush();
    audit.stop();
    expect(mirrored).toEqual(lines(audit.file));
    expect(mirrored.map((line) => line.count ?? 1)).toEqual([1, 1, 2]);
  });
});
