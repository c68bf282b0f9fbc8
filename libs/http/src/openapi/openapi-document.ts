import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
// class-transformer's @Type() records, which name the class of each nested DTO (no public export holds them).
import { defaultMetadataStorage } from 'class-transformer/cjs/storage.js';
import { getMetadataStorage } from 'class-validator';
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';
import { ERROR_RESPONSE_SCHEMA } from './error-response.schema.js';

/** What the document says of the API it describes. */
export interface OpenApiInfo {
  readonly title: string;
  readonly description: string;
  readonly version: string;
  /** Bearer schemes by name (`agency`, `admin`) that the controllers name in `@ApiBearerAuth`. */
  readonly bearerSchemes: Readonly<Record<string, string>>;
  /** The tag of a route and the bearer scheme it needs (none for a public route), by its path. */
  /** Schemas of answers that controllers refer to by `$ref` (`#/components/schemas/<name>`). */
  readonly schemas?: Readonly<Record<string, object>>;
  readonly classify: (path: string) => { readonly tag: string; readonly bearer?: string };
}

type Operation = { responses?: Record<string, unknown>; tags?: string[]; security?: Record<string, string[]>[] };

/**
 * The OpenAPI 3 document of an app's HTTP routes, read from its controllers. Request bodies take
 * their schemas from the DTOs' class-validator rules (the same rules that check a request), so the
 * document cannot drift from what the API accepts; every operation answers its errors with the one
 * error body of HubExceptionFilter (`4XX`, `5XX`).
 */
export function openApiDocument(app: INestApplication, info: OpenApiInfo): OpenAPIObject {
  const builder = new DocumentBuilder().setTitle(info.title).setDescription(info.description).setVersion(info.version);
  for (const [name, description] of Object.entries(info.bearerSchemes))
    builder.addBearerAuth({ type: 'http', scheme: 'bearer', description }, name);
  const document = SwaggerModule.createDocument(app, builder.build(), {
    operationIdFactory: (controller, method) => `${controller}.${method}`,
  });
  const schemas: Record<string, unknown> = { ...(document.components?.schemas ?? {}), ...info.schemas, ...dtoSchemas(document) };
  schemas.ErrorResponse = ERROR_RESPONSE_SCHEMA;
  for (const [route, path] of Object.entries(document.paths)) {
    const { tag, bearer } = info.classify(route);
    for (const operation of Object.values(path as Record<string, Operation>)) {
      if (typeof operation !== 'object' || operation === null) continue;
      if (!operation.tags?.length) operation.tags = [tag];
      if (bearer !== undefined) operation.security ??= [{ [bearer]: [] }];
      operation.responses ??= {};
      for (const range of ['4XX', '5XX']) {
        operation.responses[range] ??= {
          description: range === '4XX' ? 'Refused: the code and issues say what to change' : 'The hub could not answer now',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorResponse' } } },
        };
      }
    }
  }
  return { ...document, components: { ...document.components, schemas: sortKeys(schemas) as never } };
}

type ValidationStorage = { validationMetadatas: Map<{ name: string }, unknown[]> };

/**
 * JSON Schemas of the DTO classes the document refers to, and of the DTOs nested in them
 * (ValidateNested), from their class-validator rules. Only those classes: the event contract
 * classes carry validators of their own that have no JSON Schema reading here (contracts/schemas
 * publishes theirs).
 */
function dtoSchemas(document: OpenAPIObject): Record<string, unknown> {
  const storage = getMetadataStorage();
  const all = (storage as unknown as ValidationStorage).validationMetadatas;
  let wanted = referencedNames(document);
  let schemas: Record<string, unknown> = {};
  for (let round = 0; round < 10; round += 1) {
    const picked = new Map([...all].filter(([target]) => wanted.has(target.name)));
    schemas = validationMetadatasToSchemas({
      refPointerPrefix: '#/components/schemas/',
      classTransformerMetadataStorage: defaultMetadataStorage,
      classValidatorMetadataStorage: Object.assign(Object.create(storage) as object, { validationMetadatas: picked }) as never,
    });
    const next = new Set([...wanted, ...referencedNames(schemas)]);
    if (next.size === wanted.size) break;
    wanted = next;
  }
  return withBuiltinsInline(schemas) as Record<string, unknown>;
}

/**
 * A nested value declared without @Type() is an `Object` or `Array` to class-validator: say so
 * inline. `not: { type: 'null' }` (IsDefined) has no OpenAPI 3.0 form; `required` says it already.
 */
const BUILTINS: Readonly<Record<string, object>> = { Object: { type: 'object' }, Array: { type: 'array' } };

function withBuiltinsInline(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withBuiltinsInline);
  if (typeof value !== 'object' || value === null) return value;
  const ref = (value as { $ref?: unknown }).$ref;
  const builtin = typeof ref === 'string' ? BUILTINS[ref.replace('#/components/schemas/', '')] : undefined;
  if (builtin) return builtin;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key, inner]) => !(key === 'not' && (inner as { type?: unknown }).type === 'null'))
      .map(([key, inner]) => [key, withBuiltinsInline(inner)]),
  );
}

function referencedNames(value: unknown): Set<string> {
  const names = new Set<string>();
  const text = JSON.stringify(value);
  for (const match of text.matchAll(/"#\/components\/schemas\/([A-Za-z0-9_]+)"/g)) if (match[1]) names.add(match[1]);
  return names;
}

function sortKeys(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)));
}
