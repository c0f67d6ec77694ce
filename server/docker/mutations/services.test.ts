import { describe, expect, it } from 'vitest';

import { OutOfSequenceError, VERSION_RETRIES, withVersionRetry } from './services';

const outOfSequence = Object.assign(new Error('(HTTP code 500) server error'), {
  statusCode: 500,
  json: { message: 'rpc error: code = Unknown desc = update out of sequence' },
});

describe('withVersionRetry', () => {
  it('retries while the engine says "update out of sequence"', async () => {
    let calls = 0;
    const result = await withVersionRetry('Service x', async () => {
      calls += 1;
      if (calls < 3) throw outOfSequence;
      return 'done';
    });
    expect(result).toBe('done');
    expect(calls).toBe(3);
  });

  it(`gives up after ${VERSION_RETRIES} tries with a conflict`, async () => {
    let calls = 0;
    const attempt = withVersionRetry('Service x', () => {
      calls += 1;
      return Promise.reject(outOfSequence);
    });
    await expect(attempt).rejects.toBeInstanceOf(OutOfSequenceError);
    expect(calls).toBe(VERSION_RETRIES);
  });

  it('passes any other failure through at once', async () => {
    let calls = 0;
    const notFound = Object.assign(new Error('no such service'), {
      statusCode: 404,
      json: { message: 'service x not found' },
    });
    await expect(
      withVersionRetry('Service x', () => {
        calls += 1;
        return Promise.reject(notFound);
      }),
    ).rejects.toBe(notFound);
    expect(calls).toBe(1);
  });
});
