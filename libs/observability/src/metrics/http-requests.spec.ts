import { EventEmitter } from 'node:events';
import { describe, expect, it } from '@jest/globals';
import type { NextFunction, Request, Response } from 'express';
import { parsePrometheusText } from '@hub/testing';
import { recordHttpRequests, routeTemplate, UNMATCHED_ROUTE } from './http-requests.js';
import { mayScrape } from './metrics-access.js';
import { Metrics } from './metrics.js';

describe('recordHttpRequests', () => {
  it('times a request under its route template once it finishes, and an unrouted one as unmatched', async () => {
    const metrics = new Metrics('test-app');
    const middleware = recordHttpRequests(metrics);
    const finish = (request: Partial<Request>, status: number): void => {
      const response = Object.assign(new EventEmitter(), { statusCode: status }) as unknown as Response;
      let nextCalled = false;
      middleware({ method: 'GET', baseUrl: '', ...request } as Request, response, (() => (nextCalled = true)) as NextFunction);
      expect(nextCalled).toBe(true);
      (response as unknown as EventEmitter).emit('finish');
    };
    finish({ route: { path: '/v1/events/:id' } }, 200);
    finish({ route: { path: '/v1/events/:id' } }, 200);
    finish({ method: 'POST' }, 401);
    const counts = parsePrometheusText(await metrics.expose()).filter((s) => s.name === 'http_server_request_duration_seconds_count');
    expect(
      counts.map((s) => [s.labels['http_request_method'], s.labels['http_route'], s.labels['http_response_status_code'], s.value]),
    ).toEqual([
      ['GET', '/v1/events/:id', '200', 2],
      ['POST', UNMATCHED_ROUTE, '401', 1],
    ]);
  });

  it('prefixes the router mount path', () => {
    expect(routeTemplate({ baseUrl: '/v1', route: { path: '/cases/:id' } } as Request)).toBe('/v1/cases/:id');
    expect(routeTemplate({ baseUrl: '' } as Request)).toBe(UNMATCHED_ROUTE);
  });
});

describe('mayScrape', () => {
  it('lets any scrape in without a token, and only the exact bearer token with one', () => {
    expect(mayScrape(undefined, undefined)).toBe(true);
    const token = 't'.repeat(40);
    expect(mayScrape(token, `Bearer ${token}`)).toBe(true);
    expect(mayScrape(token, `bearer ${token}`)).toBe(true);
    expect(mayScrape(token, undefined)).toBe(false);
    expect(mayScrape(token, `Bearer ${token}x`)).toBe(false);
    expect(mayScrape(token, `Basic ${token}`)).toBe(false);
  });
});
