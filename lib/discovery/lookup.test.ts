import { describe, expect, it } from 'vitest';

import {
  isMissingTool,
  LOOKUP_NAME,
  parseGetent,
  parseNslookup,
  verify,
  type LiveLookup,
} from './lookup';

// Outputs recorded in the lab (busybox 1.35) and from other tools.
const BUSYBOX_ANSWER = `Server:\t\t127.0.0.11
Address:\t127.0.0.11:53

Non-authoritative answer:
Name:\ttasks.web
Address: 10.0.1.16
Name:\ttasks.web
Address: 10.0.1.21
Name:\ttasks.web
Address: 10.0.1.13

Non-authoritative answer:

`;
const BUSYBOX_AAAA_FIRST = `Server:\t\t127.0.0.11
Address:\t127.0.0.11:53

Non-authoritative answer:

Non-authoritative answer:
Name:\ta28bfcbfcb43
Address: 172.19.0.2
`;
const BUSYBOX_TIMEOUT = ';; connection timed out; no servers could be reached\n\n';
const BUSYBOX_REFUSED =
  ";; connection timed out; no servers could be reached\nnslookup: write to '127.0.0.1': Connection refused\n";
const BUSYBOX_NXDOMAIN = `Server:\t\t127.0.0.11
Address:\t127.0.0.11:53

** server can't find nope.example: NXDOMAIN
`;
const BUSYBOX_OLD = `Server:    127.0.0.11
Address 1: 127.0.0.11

Name:      web
Address 1: 172.19.0.2 web.appnet
`;
const BUSYBOX_OLD_FAIL =
  "Server:    127.0.0.11\nAddress 1: 127.0.0.11\n\nnslookup: can't resolve 'nope'\n";
const BIND = `Server:\t\t127.0.0.11
Address:\t127.0.0.11#53

Non-authoritative answer:
Name:\tvault
Address: 10.0.2.12
Name:\tvault
Address: 10.0.2.3
`;

describe('parseNslookup', () => {
  it.each([
    [
      'busybox, several answers',
      BUSYBOX_ANSWER,
      'answered',
      ['10.0.1.13', '10.0.1.16', '10.0.1.21'],
    ],
    ['busybox, AAAA block first', BUSYBOX_AAAA_FIRST, 'answered', ['172.19.0.2']],
    ['busybox, upstream silent', BUSYBOX_TIMEOUT, 'timeout', []],
    ['busybox, resolver refused', BUSYBOX_REFUSED, 'unreachable', []],
    ['NXDOMAIN', BUSYBOX_NXDOMAIN, 'nxdomain', []],
    ['old busybox', BUSYBOX_OLD, 'answered', ['172.19.0.2']],
    ['old busybox failure', BUSYBOX_OLD_FAIL, 'nxdomain', []],
    ['BIND nslookup', BIND, 'answered', ['10.0.2.3', '10.0.2.12']],
    ['nothing', '', 'no-answer', []],
  ])('%s', (_label, output, status, answers) => {
    expect(parseNslookup(output)).toEqual({ status, answers });
  });
});

describe('parseGetent', () => {
  it('reads one address per line; exit 2 is an unknown name', () => {
    expect(parseGetent('172.19.0.2      web  web\n', 0)).toEqual({
      status: 'answered',
      answers: ['172.19.0.2'],
    });
    expect(parseGetent('', 2)).toEqual({ status: 'nxdomain', answers: [] });
  });
});

describe('isMissingTool', () => {
  it('recognises the engine refusing to start a program that is not there', () => {
    expect(
      isMissingTool(
        'OCI runtime exec failed: exec failed: container_linux.go:380: starting container process caused: exec: "nslookup": executable file not found in $PATH: unknown',
        126,
      ),
    ).toBe(true);
    expect(isMissingTool(BUSYBOX_TIMEOUT, 1)).toBe(false);
  });
});

describe('verify', () => {
  const live = (answers: string[]): LiveLookup => ({
    tool: 'nslookup',
    status: answers.length ? 'answered' : 'timeout',
    answers,
    output: '',
    elapsedMs: 1,
  });

  it('agrees on the same addresses in any order', () => {
    const result = verify(
      { answers: ['10.0.0.2', '10.0.0.3'], forwarded: false },
      live(['10.0.0.3', '10.0.0.2']),
    );
    expect(result.agrees).toBe(true);
  });
  it('agrees when no answer was predicted and none came', () => {
    expect(verify({ answers: [], forwarded: true }, live([])).agrees).toBe(true);
  });
  it('disagrees on different addresses', () => {
    expect(verify({ answers: ['10.0.0.2'], forwarded: false }, live(['10.0.0.9'])).agrees).toBe(
      false,
    );
    expect(verify({ answers: ['10.0.0.2'], forwarded: false }, live([])).agrees).toBe(false);
  });
  it('a forwarded name answered upstream is not Docker’s: agrees, marked upstream', () => {
    const result = verify({ answers: [], forwarded: true }, live(['93.184.216.34']));
    expect(result).toMatchObject({ agrees: true, upstream: true });
  });
  it('cannot judge without a tool', () => {
    const result = verify(
      { answers: ['10.0.0.2'], forwarded: false },
      { tool: null, status: 'no-tool', answers: [], output: '', elapsedMs: 0 },
    );
    expect(result.agrees).toBeNull();
  });
});

describe('LOOKUP_NAME', () => {
  it.each(['web', 'tasks.web', 'web.1.gvom2yjla4ao1csbaiaav7yxw', 'my_svc', 'a', 'web.appnet.'])(
    'accepts %s',
    (name) => expect(LOOKUP_NAME.test(name)).toBe(true),
  );
  it.each(['', '-x', 'a b', 'a;rm', '$(id)', 'x'.repeat(254), '.web'])('refuses %j', (name) =>
    expect(LOOKUP_NAME.test(name)).toBe(false),
  );
});
