import { describe, expect, it } from 'vitest';

import { nonEmpty, parseAliases, parseKeyValues, parseLines, shellCommand } from './text-lists';

describe('the forms read free text', () => {
  it('one entry per line, trimmed, blank lines skipped', () => {
    expect(parseLines('  A=1\n\n B=2 \n')).toEqual(['A=1', 'B=2']);
    expect(parseLines('   ')).toEqual([]);
  });

  it('aliases split on commas and spaces; none is undefined', () => {
    expect(parseAliases('api, db  cache,')).toEqual(['api', 'db', 'cache']);
    expect(parseAliases('  ')).toBeUndefined();
  });

  it('key=value lines to a map; a line without = is a key with an empty value', () => {
    expect(parseKeyValues('tier = front\nflag\n\nurl=a=b')).toEqual({
      tier: 'front',
      flag: '',
      url: 'a=b',
    });
    expect(parseKeyValues('\n')).toBeUndefined();
  });

  it('a command runs through sh -c; empty is the image’s own', () => {
    expect(shellCommand('  httpd -f -p 80 ')).toEqual(['sh', '-c', 'httpd -f -p 80']);
    expect(shellCommand(' ')).toBeUndefined();
  });

  it('an empty list is left out', () => {
    expect(nonEmpty([])).toBeUndefined();
    expect(nonEmpty(['a'])).toEqual(['a']);
  });
});
