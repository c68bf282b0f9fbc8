import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { comparePublished, writePublished } from './compare-published.js';
import { publishedFiles } from './published-files.js';
import { codeListPath, examplePath, schemaPath } from './paths.js';

const SCHEMA = schemaPath('work-permit.issued', 1);

interface SchemaFile {
  $defs: Record<string, { properties: Record<string, unknown>; required: string[]; enum: string[] }>;
}
interface CodeListFile {
  entries: { code: string; zh: string; en: string }[];
}
interface ExampleFile {
  id: string;
}

function published(): {
  dir: string;
  files: Map<string, string>;
  edit<T>(path: string, change: (json: T) => void): void;
} {
  const dir = mkdtempSync(join(tmpdir(), 'contracts-'));
  const files = publishedFiles('0.0.0-test');
  writePublished(dir, files);
  return {
    dir,
    files,
    edit<T>(path: string, change: (json: T) => void) {
      const json = JSON.parse(readFileSync(join(dir, path), 'utf8')) as T;
      change(json);
      writeFileSync(join(dir, path), JSON.stringify(json, null, 2));
    },
  };
}

describe('the contracts gate (npm run contracts:check)', () => {
  it('passes when contracts/ is what the contract classes derive', () => {
    const { dir, files } = published();
    expect(comparePublished(dir, files)).toEqual({ breaking: [], stale: [] });
    rmSync(dir, { recursive: true });
  });

  it('fails as breaking when the working contract dropped a field the released one had (as after a removal or rename)', () => {
    const { dir, files, edit } = published();
    edit<SchemaFile>(SCHEMA, (schema) => {
      schema.$defs['WorkPermitIssuedV1']!.properties.workplace = { type: 'string' };
    });
    expect(comparePublished(dir, files).breaking).toEqual([
      'work-permit.issued/v1: data.workplace: field-removed: field removed or renamed; events that carry it are now refused',
    ]);
    rmSync(dir, { recursive: true });
  });

  it('fails as breaking when the working contract requires what the released one left optional, or narrows a code list', () => {
    const { dir, files, edit } = published();
    edit<SchemaFile>(SCHEMA, (schema) => {
      schema.$defs['WorkPermitIssuedV1']!.required = schema.$defs['WorkPermitIssuedV1']!.required.filter((name) => name !== 'position');
      schema.$defs['code-list.nationality']?.enum.push('XXA');
    });
    expect(comparePublished(dir, files).breaking).toEqual([
      'work-permit.issued/v1: data.holder.nationality: enum-narrowed: values no longer allowed: "XXA"',
      'work-permit.issued/v1: data.position: field-newly-required: optional field became required',
    ]);
    rmSync(dir, { recursive: true });
  });

  it('fails as breaking when a released version disappears, or a released code list loses codes', () => {
    const { dir, files, edit } = published();
    writeFileSync(join(dir, schemaPath('work-permit.issued', 0)), readFileSync(join(dir, SCHEMA)));
    edit<CodeListFile>(codeListPath('permit-class', 1), (list) => {
      list.entries.push({ code: 'D', zh: '丁', en: 'D' });
    });
    expect(comparePublished(dir, files).breaking).toEqual([
      'code-lists/permit-class.v1.json: codes removed from released list permit-class v1: D',
      'work-permit.issued/v0: this released contract version is gone from the catalogue; released versions stay',
    ]);
    rmSync(dir, { recursive: true });
  });

  it('lets an additive change through as stale (regenerate), and regenerating makes it pass', () => {
    const { dir, files, edit } = published();
    edit<SchemaFile>(SCHEMA, (schema) => {
      delete schema.$defs['WorkPermitIssuedV1']!.properties.points;
    });
    edit<ExampleFile>(examplePath('work-permit.issued', 1), (example) => {
      example.id = '00000000-0000-4000-8000-000000000000';
    });
    rmSync(join(dir, 'asyncapi.yaml'));
    expect(comparePublished(dir, files)).toEqual({
      breaking: [],
      stale: ['asyncapi.yaml', examplePath('work-permit.issued', 1), SCHEMA],
    });
    writePublished(dir, files);
    expect(comparePublished(dir, files)).toEqual({ breaking: [], stale: [] });
    rmSync(dir, { recursive: true });
  });
});
