import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EVENT_CATALOGUE, eventSchema, exampleEvent, type EventContract } from '@hub/contracts';
import { decryptEventData, FieldCipher, parseKeyring } from '@hub/identity';
import { publish, startHub, TEST_FIELD_ENCRYPTION_KEYS, type RunningApp } from '../support/running-apps.js';

type Json = Record<string, unknown>;
type Schema = Json & { $ref?: string; properties?: Record<string, Schema>; items?: Schema; $defs?: Record<string, Schema> };

/** SQL, script, template and shell fragments, and text from outside the Basic Multilingual Plane. */
const HOSTILE = `Robert'); DROP TABLE events;-- <script>alert(1)</script> \${7*7} {{7*7}} $(id) \`id\` ' OR '1'='1 𠀀𝌆 ../../etc/passwd`;

/** The only pattern of free text: any script, no control characters. */
const NO_CONTROL_CHARACTERS = '^[^\\u0000-\\u001F\\u007F-\\u009F]*$';

/**
 * Every free-text field (a string with no format, enumeration, code list or pattern beyond no control characters) of the example,
 * as a path into the event and the text it may hold (HOSTILE cut to the field's maxLength).
 */
function freeTextFields(schema: Schema, root: Schema, value: unknown, path: string[] = []): { path: string[]; text: string }[] {
  const resolved = schema.$ref ? (root.$defs?.[schema.$ref.replace('#/$defs/', '')] ?? {}) : schema;
  if (Array.isArray(value) && resolved.items)
    return value.flatMap((item, i) => freeTextFields(resolved.items as Schema, root, item, [...path, String(i)]));
  if (typeof value === 'object' && value !== null && resolved.properties) {
    return Object.entries(value as Json).flatMap(([key, child]) => {
      const property = resolved.properties?.[key];
      return property ? freeTextFields(property, root, child, [...path, key]) : [];
    });
  }
  const constrained =
    ['format', 'enum', 'const', 'x-hub-code-list'].some((rule) => rule in resolved) ||
    (resolved['pattern'] !== undefined && resolved['pattern'] !== NO_CONTROL_CHARACTERS);
  if (typeof value !== 'string' || resolved['type'] !== 'string' || constrained) return [];
  const max = typeof resolved['maxLength'] === 'number' ? resolved['maxLength'] : HOSTILE.length;
  return [{ path, text: [...HOSTILE].slice(0, max).join('') }];
}

function setAt(target: Json, path: readonly string[], text: string): void {
  const parent = path.slice(0, -1).reduce<Json>((node, key) => node[key] as Json, target);
  parent[path.at(-1) as string] = text;
}

function getAt(target: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>((node, key) => (node as Json | undefined)?.[key], target);
}

/**
 * SQL and script injection strings in every free-text field of every contract, on the real hub
 * and database: accepted as the data they are, stored verbatim (encrypted fields too, once
 * decrypted), and nothing executed.
 */
describe('injection strings in every text field of every contract', () => {
  let hub: RunningApp;
  const cipher = new FieldCipher(parseKeyring(TEST_FIELD_ENCRYPTION_KEYS, 'test-k1'));

  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(async () => {
    await hub?.destroy();
  });

  it('finds the free-text fields, encrypted ones included (work-permit.issued v1)', () => {
    const contract = EVENT_CATALOGUE.find((c) => c.type === 'work-permit.issued' && c.version === 1) as EventContract;
    const schema = eventSchema(contract) as Schema;
    const paths = freeTextFields(schema, schema, exampleEvent(contract)).map((field) => field.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['data.position', 'data.holder.name', 'data.employer.name']));
    expect(paths).not.toContain('data.permitNo');
  });

  it.each(EVENT_CATALOGUE.map((contract): [string, EventContract] => [`${contract.type} v${contract.version}`, contract]))(
    '%s',
    async (_name, contract) => {
      const event = { ...(structuredClone(exampleEvent(contract)) as Json), id: randomUUID() };
      const fields = freeTextFields(eventSchema(contract), eventSchema(contract), event);
      expect(fields.some((field) => field.path[0] === 'data')).toBe(true);
      for (const field of fields) setAt(event, field.path, field.text);

      const answer = await publish(hub.url, event);
      expect(answer.body.error).toBeUndefined();
      expect(answer.status).toBe(202);

      const [row] = (await hub.db.query<{ envelope: Json & { data: Json } }>('SELECT envelope FROM events WHERE id = $1', [event['id']]))
        .rows;
      const stored = decryptEventData(cipher, row?.envelope as Json & { data: Json; id: string; type: string });
      for (const field of fields) expect([field.path.join('.'), getAt(stored, field.path)]).toEqual([field.path.join('.'), field.text]);
    },
  );

  it('leaves the store holding exactly the events sent, one per contract', async () => {
    const counted = await hub.db.query<{ n: number }>('SELECT count(*)::int AS n FROM events');
    expect(counted.rows[0]?.n).toBe(EVENT_CATALOGUE.length);
  });
});
