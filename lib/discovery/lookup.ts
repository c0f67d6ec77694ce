/*
 * Reading what a real lookup inside a container printed, and comparing it with the prediction.
 * Handles busybox nslookup (1.3x: "Name:/Address:" blocks after the server's own address; older:
 * "Address 1: ip name"), BIND's nslookup ("Address: ip", "#53" on the server line) and
 * `getent hosts` ("ip  name aliases").
 */
import type { Resolution } from './resolve';
import { sameAddresses, sortIps } from './model';

export type LookupTool = 'nslookup' | 'getent';

export type LookupStatus =
  /** At least one address came back. */
  | 'answered'
  /** The server said the name does not exist. */
  | 'nxdomain'
  /** No server answered in time (the lab's upstream for unknown names). */
  | 'timeout'
  /** The resolver could not be reached at all (refused, unreachable). */
  | 'unreachable'
  /** A reply without addresses, or output we do not recognise. */
  | 'no-answer'
  /** The image has neither nslookup nor getent. */
  | 'no-tool'
  /** The exec itself failed. */
  | 'error';

export interface LiveLookup {
  tool: LookupTool | null;
  status: LookupStatus;
  answers: string[];
  /** What the tool printed (trimmed, bounded), for people to read. */
  output: string;
  /** How long the lookup took inside the container, in ms. */
  elapsedMs: number;
}

const IPV4 = /^(?:\d{1,3}\.){3}\d{1,3}$/;
const IPV6 = /^[0-9a-f:]*:[0-9a-f:.]*$/i;

const isAddress = (token: string) => IPV4.test(token) || IPV6.test(token);

/** The addresses and outcome of an nslookup run. */
export function parseNslookup(output: string): { status: LookupStatus; answers: string[] } {
  const answers: string[] = [];
  let inAnswer = false;
  for (const raw of output.split('\n')) {
    const line = raw.trim();
    if (/^Name:/i.test(line)) {
      inAnswer = true;
      continue;
    }
    if (/^Server:/i.test(line)) {
      inAnswer = false;
      continue;
    }
    // "Address: 10.0.1.2", "Address 1: 10.0.1.2 web.appnet", "Addresses: a, b" (older tools)
    const match = /^Address(?:es)?(?:\s+\d+)?:\s*(.+)$/i.exec(line);
    if (match && inAnswer) {
      for (const token of match[1]!.split(/[\s,]+/)) {
        const address = token.replace(/#\d+$/, '');
        if (isAddress(address)) answers.push(address);
        break;
      }
    }
  }
  if (answers.length > 0) return { status: 'answered', answers: sortIps(answers) };
  if (/NXDOMAIN|can't find|can't resolve|Non-existent domain/i.test(output)) {
    // busybox 1.2x says "can't resolve" for every failure; newer ones print the reason.
    if (/timed out|no servers could be reached/i.test(output))
      return { status: 'timeout', answers: [] };
    return { status: 'nxdomain', answers: [] };
  }
  if (/refused|unreachable|network is unreachable/i.test(output))
    return { status: 'unreachable', answers: [] };
  if (/timed out|no servers could be reached/i.test(output))
    return { status: 'timeout', answers: [] };
  return { status: 'no-answer', answers: [] };
}

/** `getent hosts NAME`: one line per address, exit code 2 when the name is unknown. */
export function parseGetent(
  output: string,
  exitCode: number | null,
): { status: LookupStatus; answers: string[] } {
  const answers = output
    .split('\n')
    .map((line) => line.trim().split(/\s+/)[0] ?? '')
    .filter(isAddress);
  if (answers.length > 0) return { status: 'answered', answers: sortIps(answers) };
  return { status: exitCode === 2 ? 'nxdomain' : 'no-answer', answers: [] };
}

/** True when an exec failed because the program is not in the image. */
export function isMissingTool(output: string, exitCode: number | null): boolean {
  return (
    exitCode === 127 ||
    exitCode === 126 ||
    /executable file not found|no such file or directory|not found in \$PATH/i.test(output)
  );
}

export interface Verification {
  tool: LookupTool | null;
  status: LookupStatus;
  answers: string[];
  /**
   * Prediction and reality agree: the same addresses; or the prediction said Docker does not know
   * the name and forwards it, and whatever answered came from upstream. Null without a tool.
   */
  agrees: boolean | null;
  /** Set when a forwarded name got addresses: they came from the host's resolvers, not Docker. */
  upstream: boolean;
  output: string;
  elapsedMs: number;
}

export function verify(
  prediction: Pick<Resolution, 'answers' | 'forwarded'>,
  live: LiveLookup,
): Verification {
  const base = {
    tool: live.tool,
    status: live.status,
    answers: live.answers,
    output: live.output,
    elapsedMs: live.elapsedMs,
  };
  if (live.status === 'no-tool' || live.status === 'error') {
    return { ...base, agrees: null, upstream: false };
  }
  if (sameAddresses(prediction.answers, live.answers)) {
    return { ...base, agrees: true, upstream: false };
  }
  const upstream =
    prediction.forwarded && prediction.answers.length === 0 && live.answers.length > 0;
  return { ...base, agrees: upstream, upstream };
}

/** A name the lookup tools may be given: DNS labels, plus `_` (Docker names allow it). */
export const LOOKUP_NAME = /^(?=.{1,253}$)[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_.])?$/;
