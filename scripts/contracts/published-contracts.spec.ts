import { describe, expect, it } from '@jest/globals';
import { Parser } from '@asyncapi/parser';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EVENT_CATALOGUE, validateEvent } from '@hub/contracts';
import { contractAjv } from '@hub/testing';
import { HUB_OPENAPI_PATH, validateOpenApi } from './openapi-files.js';
import { examplePath, schemaPath, ASYNCAPI_PATH } from './paths.js';

// These read the committed files under contracts/, as an agency would, and check them with tools
// the hub did not write: ajv for JSON Schema 2020-12 and the official AsyncAPI parser.
const CONTRACTS = join(process.cwd(), 'contracts');

function readJson(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(CONTRACTS, path), 'utf8')) as Record<string, unknown>;
}

describe('published contracts', () => {
  it('has a schema and an example for every event type and version, and every example validates (ajv) and is accepted by the hub', () => {
    const ajv = contractAjv();
    for (const contract of EVENT_CATALOGUE) {
      const schema = readJson(schemaPath(contract.type, contract.version));
      const example = readJson(examplePath(contract.type, contract.version));
      const validate = ajv.compile(schema);
      expect({ event: `${contract.type} v${contract.version}`, valid: validate(example), errors: validate.errors ?? [] }).toEqual({
        event: `${contract.type} v${contract.version}`,
        valid: true,
        errors: [],
      });
      expect(() => validateEvent(example)).not.toThrow();
    }
    const schemaFiles = readdirSync(join(CONTRACTS, 'schemas'), { recursive: true }).filter((file) =>
      String(file).endsWith('.schema.json'),
    );
    expect(schemaFiles).toHaveLength(EVENT_CATALOGUE.length);
  });

  it('has an AsyncAPI document that the official parser accepts without errors or warnings, with every message resolved', async () => {
    const path = join(CONTRACTS, ASYNCAPI_PATH);
    const { document, diagnostics } = await new Parser().parse(readFileSync(path, 'utf8'), { source: path });
    // Severity 0 is an error, 1 a warning; 2 and 3 are information and hints.
    expect(diagnostics.filter((diagnostic) => Number(diagnostic.severity) <= 1).map((diagnostic) => diagnostic.message)).toEqual([]);
    expect(document).toBeDefined();
    const messages = document?.allMessages().all() ?? [];
    expect(messages.map((message) => message.id()).sort()).toEqual(
      EVENT_CATALOGUE.map((contract) => `${contract.type}.v${contract.version}`).sort(),
    );
    for (const message of messages) {
      const payload = message.payload();
      expect(payload?.properties()?.['data']?.type()).toBe('object');
      expect(payload?.properties()?.['type']?.const()).toBe(message.name());
      expect(Object.keys(message.headers()?.properties() ?? {})).toContain('ce_type');
    }
    const channels = document?.allChannels().all() ?? [];
    expect(channels.map((channel) => channel.address()).sort()).toEqual(
      [...new Set(EVENT_CATALOGUE.map((contract) => contract.topic))].sort(),
    );
  });

  it('has an OpenAPI 3 document of the hub that swagger-parser validates, with every error answer described', async () => {
    const document = readJson(HUB_OPENAPI_PATH) as { openapi: string; paths: Record<string, Record<string, { responses: object }>> };
    await expect(validateOpenApi(document as never)).resolves.toBeUndefined();
    expect(document.openapi).toMatch(/^3\./);
    const operations = Object.values(document.paths).flatMap((path) => Object.values(path));
    expect(operations.length).toBeGreaterThan(40);
    for (const operation of operations) expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['4XX', '5XX']));
    // The validator is not a formality: a dangling reference fails it.
    const broken = structuredClone(document) as unknown as { components: { schemas: Record<string, unknown> } };
    delete broken.components.schemas['ErrorResponse'];
    await expect(validateOpenApi(broken as never)).rejects.toThrow(/ErrorResponse/);
  });
});
