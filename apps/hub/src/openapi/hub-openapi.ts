import type { INestApplication } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import { openApiDocument } from '@hub/http';
import { SUBSCRIPTION_SCHEMA } from '../subscriptions/index.js';

/** The version of the HTTP API under `/v1`: minor for additions, major for a new path prefix. */
export const HUB_API_VERSION = '1.0.0';

/** The hub's HTTP API as an OpenAPI document (served at `/openapi.json`, published as contracts/openapi/hub.json). */
export function hubOpenApi(app: INestApplication): OpenAPIObject {
  return openApiDocument(app, {
    title: 'Inter-agency data-sharing hub',
    description:
      'Publishing events, subscriptions, webhook deliveries, replays and the admin API of the hub. ' +
      'Every error answer has the same body (ErrorResponse): a stable code, what to do in English and Chinese, and each broken rule by field path. ' +
      '枢纽的 HTTP 接口：发布事件、订阅、推送、重放与管理接口。所有错误应答使用同一结构（ErrorResponse）。',
    version: HUB_API_VERSION,
    bearerSchemes: {
      agency:
        "An agency's API key (`Authorization: Bearer <key>`); a TLS client certificate on the HTTPS listener authenticates the same routes.",
      admin: "The hub's ADMIN_TOKEN (`Authorization: Bearer <token>`).",
    },
    schemas: { Subscription: SUBSCRIPTION_SCHEMA },
    classify: classifyRoute,
  });
}

/** Routes anyone may read: probes, metrics (METRICS_TOKEN aside), the published contracts and the keys that check the hub's signatures. */
const PUBLIC_ROUTE = /^\/(health|metrics|v1\/contracts|v1\/code-lists|v1\/ca\/|v1\/webhooks\/signing-key)/;

/** `/v1/admin/…` needs the admin token and is tagged `admin`; the rest of `/v1` is an agency's, tagged by its first segment. */
function classifyRoute(path: string): { tag: string; bearer?: string } {
  const segments = path.split('/').filter(Boolean);
  if (segments[1] === 'admin') return { tag: 'admin', bearer: 'admin' };
  const tag = segments[0] === 'v1' ? (segments[1] ?? 'v1') : (segments[0] ?? 'ops');
  return PUBLIC_ROUTE.test(path) ? { tag } : { tag, bearer: 'agency' };
}
