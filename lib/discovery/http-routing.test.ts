import { describe, expect, it } from 'vitest';

import { service, topology } from './__fixtures__/hand-made';
import { httpRouting, httpRoutesOf, parseTraefikRule } from './http-routing';

describe('Traefik labels', () => {
  it('v2/v3 routers: host and path rules, entry points, the service port', () => {
    const routes = httpRoutesOf({
      'traefik.enable': 'true',
      'traefik.http.routers.api.rule': 'Host(`shop.example`) && PathPrefix(`/api`)',
      'traefik.http.routers.api.entrypoints': 'web,websecure',
      'traefik.http.routers.api.tls': 'true',
      'traefik.http.services.api-svc.loadbalancer.server.port': '8080',
    });
    expect(routes).toEqual([
      {
        provider: 'traefik',
        router: 'api',
        hosts: ['shop.example'],
        paths: ['/api'],
        rule: 'Host(`shop.example`) && PathPrefix(`/api`)',
        entrypoints: ['web', 'websecure'],
        port: 8080,
        tls: true,
        complex: false,
      },
    ]);
  });

  it('several hosts, double quotes, and rules with || are marked complex', () => {
    expect(parseTraefikRule('Host("a.example", "b.example") || Path(`/x`)')).toEqual({
      hosts: ['a.example', 'b.example'],
      paths: ['/x'],
      complex: true,
    });
  });

  it('v1 frontend rules', () => {
    const [route] = httpRoutesOf({
      'traefik.frontend.rule': 'Host:old.example,www.old.example;PathPrefix:/blog',
      'traefik.port': '80',
    });
    expect(route).toMatchObject({
      provider: 'traefik-v1',
      hosts: ['old.example', 'www.old.example'],
      paths: ['/blog'],
      port: 80,
    });
  });

  it('traefik.enable=false turns the routers off', () => {
    expect(
      httpRoutesOf({ 'traefik.enable': 'false', 'traefik.http.routers.x.rule': 'Host(`x`)' }),
    ).toEqual([]);
  });
});

describe('UCP HTTP routing mesh and Interlock labels', () => {
  it('UCP 2.0: internal_port=http://host pairs', () => {
    expect(
      httpRoutesOf({ 'com.docker.ucp.mesh.http': '8080=http://foo.example,https://bar.example' }),
    ).toMatchObject([
      { provider: 'ucp-hrm', hosts: ['foo.example'], port: 8080, tls: false },
      { provider: 'ucp-hrm', hosts: ['bar.example'], port: null, tls: true },
    ]);
  });

  it('UCP 2.1: external_route and internal_port per label', () => {
    expect(
      httpRoutesOf({
        'com.docker.ucp.mesh.http.80': 'external_route=http://app.example/v2,internal_port=80',
      }),
    ).toMatchObject([
      {
        provider: 'ucp-hrm',
        router: 'com.docker.ucp.mesh.http.80',
        hosts: ['app.example'],
        paths: ['/v2'],
        port: 80,
      },
    ]);
  });

  it('Interlock: hosts, port and context root', () => {
    expect(
      httpRoutesOf({
        'com.docker.lb.hosts': 'demo.local, test.local',
        'com.docker.lb.port': '8080',
        'com.docker.lb.context_root': '/app',
      }),
    ).toMatchObject([
      { provider: 'interlock', hosts: ['demo.local', 'test.local'], paths: ['/app'], port: 8080 },
    ]);
  });
});

describe('httpRouting', () => {
  it('lists the services with routes, by name; the seeded lab has none', () => {
    const t = topology({
      services: [
        service('b', { labels: { 'traefik.http.routers.b.rule': 'Host(`b.example`)' } }),
        service('a', { labels: { 'com.docker.lb.hosts': 'a.example' } }),
        service('plain', { labels: { App: 'x' } }),
      ],
    });
    expect(httpRouting(t).map((entry) => [entry.name, entry.routes[0]?.hosts])).toEqual([
      ['a', ['a.example']],
      ['b', ['b.example']],
    ]);
  });
});
