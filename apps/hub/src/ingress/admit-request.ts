import type { Request } from 'express';
import { HubError } from '@hub/contracts';
import type { BodyRefusal } from '@hub/http';
import type { AdminToken } from '../kernel/index.js';
import { type AgencyAuthenticator, presentedCertificate } from '../agencies/index.js';
import type { AgencyRateLimiter } from '../events/index.js';

/** What the gate needs: the same checks the controllers and guards make, read from the app. */
export interface AdmissionChecks {
  readonly authenticator: AgencyAuthenticator;
  readonly adminToken: AdminToken;
  readonly rateLimiter: AgencyRateLimiter;
}

const ADMIN_PATH = /^\/v1\/admin(\/|$|\?)/;
const CONSOLE_API_PATH = /^\/console\/api(\/|$|\?)/;

/**
 * Decides on a request before its body is read. A request that carries a body must carry the
 * credentials its route needs (the admin token under /v1/admin, an agency's API key or client
 * certificate elsewhere: every route that reads a body needs one), else 401 and the body is never
 * read. The console API (`/console/api`) checks its own session cookie instead. Every request an agency's credentials authenticate counts against that agency's request
 * rate, well-formed or not (429 with Retry-After). Routes still make their own checks; a request
 * without a body passes on to them unchanged.
 */
export function admitRequest(checks: AdmissionChecks): (request: Request, hasBody: boolean) => BodyRefusal | undefined {
  return (request, hasBody) => {
    // The console authenticates by its session cookie and CSRF token in its guard (and throttles logins); its bodies are small JSON.
    if (CONSOLE_API_PATH.test(request.url)) return undefined;
    const authorization = request.headers.authorization;
    if (ADMIN_PATH.test(request.url)) {
      if (!hasBody) return undefined;
      const presented = /^Bearer (\S+)$/i.exec(authorization ?? '')?.[1];
      return presented !== undefined && checks.adminToken.matches(presented)
        ? undefined
        : refusal(401, 'UNAUTHENTICATED', 'The admin API needs "Authorization: Bearer <admin token>" with the hub\'s ADMIN_TOKEN.');
    }
    if (!hasBody && authorization === undefined && !presentedCertificate(request.socket)) return undefined;
    try {
      const agency = checks.authenticator.authenticate(request.socket, authorization);
      checks.rateLimiter.takeRequest(agency.id);
      return undefined;
    } catch (error) {
      if (!(error instanceof HubError)) throw error;
      if (error.code === 'RATE_LIMITED') {
        const seconds = (error as HubError & { retryAfterSeconds?: number }).retryAfterSeconds;
        return { ...refusal(429, 'RATE_LIMITED', error.message), retryAfterSeconds: seconds ?? 1 };
      }
      // Without a body the route answers (a public GET needs no credentials; others refuse there).
      return hasBody ? refusal(401, 'UNAUTHENTICATED', error.message) : undefined;
    }
  };
}

function refusal(status: number, code: 'UNAUTHENTICATED' | 'RATE_LIMITED', message: string): BodyRefusal {
  return { status, code, message };
}
