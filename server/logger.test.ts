import { describe, expect, it } from 'vitest';

import { createLogger } from './logger';

describe('createLogger', () => {
  it('writes one JSON line per event, filtered by level, with secrets redacted', () => {
    const lines: string[] = [];
    const logger = createLogger('info', { component: 'test' }, (line) => lines.push(line));
    logger.debug('hidden');
    logger.child({ engine: 'node-1' }).warn('engine down', { token: 'abc', attempt: 2 });
    expect(lines).toHaveLength(1);
    const record = JSON.parse(lines[0] ?? '{}');
    expect(record).toMatchObject({
      level: 'warn',
      msg: 'engine down',
      component: 'test',
      engine: 'node-1',
      token: '[redacted]',
      attempt: 2,
    });
  });
});

describe('redaction', () => {
  it('redacts secret-looking fields but keeps ordinary keys', () => {
    const lines: string[] = [];
    createLogger('debug', {}, (line) => lines.push(line)).info('x', {
      key: 'container:abc',
      apiKey: 'k',
      password: 'p',
      Authorization: 'Bearer t',
    });
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({
      key: 'container:abc',
      apiKey: '[redacted]',
      password: '[redacted]',
      Authorization: '[redacted]',
    });
  });
});
