import type { INestApplication } from '@nestjs/common';
import { SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';

/**
 * Serves the document at `GET /openapi.json` and a browsable Swagger UI at `GET /docs` (its files
 * come from the swagger-ui-dist package, nothing from another site). Neither needs credentials:
 * the document describes the routes, it opens none.
 */
export function serveOpenApi(app: INestApplication, document: OpenAPIObject): void {
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'openapi.json', raw: ['json'], customSiteTitle: document.info.title });
}
