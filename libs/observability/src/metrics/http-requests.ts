import type { NextFunction, Request, Response } from 'express';
import type { Metrics } from './metrics.js';

/** The route label of a request that matched no route (or was refused before routing): never the raw path. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * Express middleware timing every request into `http_server_request_duration_seconds` (the
 * Prometheus form of OpenTelemetry's `http.server.request.duration`), labelled by method, route
 * template (`/v1/events/:id`, never the path with its ids) and status. Mount it first, so that
 * requests refused before routing (401 and 429 at the admission gate, 413) are counted too.
 */
export function recordHttpRequests(metrics: Metrics): (request: Request, response: Response, next: NextFunction) => void {
  const duration = metrics.histogram('http_server_request_duration_seconds', 'Duration of HTTP server requests.', [
    'http_request_method',
    'http_route',
    'http_response_status_code',
  ]);
  return (request, response, next) => {
    const started = process.hrtime.bigint();
    response.once('finish', () => {
      duration.observe(
        {
          http_request_method: request.method,
          http_route: routeTemplate(request),
          http_response_status_code: response.statusCode,
        },
        Number(process.hrtime.bigint() - started) / 1e9,
      );
    });
    next();
  };
}

/** The matched route's template, with the router's mount path; `unmatched` when none matched. */
export function routeTemplate(request: Pick<Request, 'route' | 'baseUrl'>): string {
  const route = (request.route as { path?: unknown } | undefined)?.path;
  return typeof route === 'string' ? `${request.baseUrl}${route}` : UNMATCHED_ROUTE;
}
