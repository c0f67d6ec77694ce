import { describe, expect, it } from 'vitest';

import { AGENT_RULES, agentDecision, normalisedPath } from './allow-list';

describe('normalisedPath', () => {
  it('drops the API version prefix and the query', () => {
    expect(normalisedPath('/v1.41/containers/json?all=1')).toBe('/containers/json');
    expect(normalisedPath('/events?filters=%7B%7D')).toBe('/events');
    expect(normalisedPath('/v1.41')).toBe('/v1.41');
  });
});

describe('agentDecision', () => {
  it.each([
    ['GET', '/_ping'],
    ['HEAD', '/v1.41/_ping'],
    ['GET', '/v1.41/info'],
    ['GET', '/v1.41/events?since=1&until=2'],
    ['GET', '/v1.41/containers/json?all=true'],
    ['GET', '/v1.41/containers/3f2a9c/json'],
    ['GET', '/v1.41/networks/appnet'],
    ['GET', '/v1.41/tasks?filters=%7B%22service%22%3A%5B%22x%22%5D%7D'],
    ['GET', '/v1.41/nodes/abc123'],
    ['GET', '/v1.41/images/busybox%3Alatest/json'],
    ['GET', '/v1.41/images/library/busybox:latest/json'],
    ['POST', '/v1.41/networks/create'],
    ['POST', '/v1.41/networks/n1/connect'],
    ['POST', '/v1.41/networks/n1/disconnect'],
    ['DELETE', '/v1.41/networks/n1'],
    ['POST', '/v1.41/services/create'],
    ['POST', '/v1.41/services/s1/update?version=12'],
    ['DELETE', '/v1.41/services/s1'],
    ['POST', '/v1.41/containers/create?name=t-1'],
    ['POST', '/v1.41/containers/c1/start'],
    ['POST', '/v1.41/containers/c1/stop?t=1'],
    ['POST', '/v1.41/containers/c1/restart'],
    ['DELETE', '/v1.41/containers/c1?force=true'],
    ['POST', '/v1.41/containers/c1/exec'],
    ['POST', '/v1.41/exec/e1/start'],
    ['GET', '/v1.41/exec/e1/json'],
  ])('lets the dashboard call %s %s', (method, url) => {
    expect(agentDecision(method, url).allowed).toBe(true);
  });

  it.each([
    ['POST', '/v1.41/containers/c1/kill', 'no kill'],
    ['POST', '/v1.41/containers/c1/attach', 'no attach'],
    ['GET', '/v1.41/containers/c1/logs', 'no logs'],
    ['GET', '/v1.41/containers/c1/archive?path=/etc', 'no file reads'],
    ['PUT', '/v1.41/containers/c1/archive?path=/', 'no file writes'],
    ['POST', '/v1.41/images/create?fromImage=evil', 'no pulls'],
    ['POST', '/v1.41/build', 'no builds'],
    ['GET', '/v1.41/secrets', 'no secrets'],
    ['GET', '/v1.41/configs', 'no configs'],
    ['POST', '/v1.41/swarm/init', 'no swarm membership'],
    ['POST', '/v1.41/swarm/leave', 'no swarm membership'],
    ['POST', '/v1.41/plugins/pull', 'no plugins'],
    ['POST', '/v1.41/volumes/create', 'no volumes'],
    ['POST', '/v1.41/session', 'no BuildKit sessions'],
    ['DELETE', '/v1.41/images/busybox', 'no image removal'],
    ['GET', '/v1.41/containers/../secrets', 'no dot segments'],
    ['GET', '/v1.41/containers/%2e%2e/json', 'no escaped names'],
    ['GET', '/containers/c1/json/extra', 'no longer paths'],
    ['PATCH', '/v1.41/containers/c1/json', 'no other methods'],
    ['GET', 'containers/json', 'no relative paths'],
  ])('refuses %s %s (%s)', (method, url) => {
    const decision = agentDecision(method, url);
    expect(decision.allowed).toBe(false);
    if (!decision.allowed) expect(decision.reason).not.toBe('');
  });

  it('refuses on the method too: a read rule does not open a write', () => {
    expect(agentDecision('POST', '/v1.41/containers/c1/json').allowed).toBe(false);
    expect(agentDecision('DELETE', '/v1.41/exec/e1/start').allowed).toBe(false);
    expect(agentDecision('POST', '/v1.41/events').allowed).toBe(false);
  });

  it('every rule says what the dashboard uses it for', () => {
    for (const rule of AGENT_RULES) expect(rule.use.length).toBeGreaterThan(3);
  });

  it('answers its own traffic path itself, and only that one, only with GET', () => {
    const own = agentDecision('GET', '/portolan/traffic?interval=1000');
    expect(own).toMatchObject({ allowed: true, target: 'traffic', path: '/portolan/traffic' });
    expect(agentDecision('GET', '/v1.41/containers/json')).toMatchObject({ target: 'engine' });
    expect(agentDecision('POST', '/portolan/traffic').allowed).toBe(false);
    expect(agentDecision('GET', '/portolan/traffic/../info').allowed).toBe(false);
    expect(agentDecision('GET', '/portolan/other').allowed).toBe(false);
  });
});
