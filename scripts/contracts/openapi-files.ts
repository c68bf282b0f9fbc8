import SwaggerParser from '@apidevtools/swagger-parser';
import { NestFactory } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { HubConfig } from '../../apps/hub/src/config/hub-config.js';
import { HubModule } from '../../apps/hub/src/hub.module.js';
import { hubOpenApi } from '../../apps/hub/src/openapi/index.js';

export const HUB_OPENAPI_PATH = 'openapi/hub.json';

/**
 * The hub's OpenAPI document as the running hub serves it at /openapi.json, read from a preview of
 * its module with every role (controllers and their metadata, no provider started: no database,
 * no broker), and checked by an outside OpenAPI 3 validator before it is published.
 */
export async function openApiFiles(): Promise<Map<string, string>> {
  const app = await NestFactory.create(HubModule.forRoot(new HubConfig()), { preview: true, logger: false, abortOnError: false });
  const document = hubOpenApi(app);
  await validateOpenApi(document);
  return new Map([[HUB_OPENAPI_PATH, `${JSON.stringify(document, null, 2)}\n`]]);
}

/** Throws with the validator's reason when the document is not valid OpenAPI 3 (structure and `$ref`s). */
export async function validateOpenApi(document: OpenAPIObject): Promise<void> {
  // The validator dereferences in place: give it a copy.
  await SwaggerParser.validate(structuredClone(document) as never);
}
