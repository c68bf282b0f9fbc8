import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { validateEvent } from '@hub/contracts';
import { generateSigningKeyPair } from '@hub/identity';
import { DEFAULT_MAPPING_FILE, readMappingFile, type ImportMapping } from './mapping/import-mapping.js';
import type { OutboundRecord } from '@hub/agency-kit';
import type { OutboundPublisher } from './publish/outbound-publisher.js';
import type { ImportDependencies } from './import-dependencies.js';
import { runImport, type ImportRequest } from './run-import.js';
import { InMemoryImportLedger } from './testing/in-memory-import-ledger.js';
import { PERMIT_HEADERS, permitRow, writePermitCsv, type PermitRow } from './testing/permit-rows.js';

const dir = mkdtempSync(join(tmpdir(), 'bureau-import-run-'));
const mapping: ImportMapping = readMappingFile(DEFAULT_MAPPING_FILE);
const key = { alg: 'ed25519' as const, keyId: 'bureau-310000-k1', privateKey: generateSigningKeyPair('ed25519').privateKey };
const quiet = { write: () => true };

/** Collects what is published; fails the `failOn`-th publish call (counting from 1) once. */
class FakePublisher implements OutboundPublisher {
  readonly records: OutboundRecord[] = [];
  private calls = 0;
  constructor(private failOn?: number) {}
  connect = (): Promise<void> => Promise.resolve();
  disconnect = (): Promise<void> => Promise.resolve();
  publish(records: readonly OutboundRecord[]): Promise<void> {
    this.calls += 1;
    if (this.calls === this.failOn) {
      this.failOn = undefined;
      return Promise.reject(new Error('broker gone'));
    }
    this.records.push(...records);
    return Promise.resolve();
  }
}

function request(file: string, batchRows = 100): ImportRequest {
  return { file, mapping, agencyId: 'bureau-310000', defaultRegion: '310000', batchRows, errorReport: `${file}.errors.csv` };
}

function deps(ledger: InMemoryImportLedger, publisher?: FakePublisher, held?: ReadonlyMap<string, string>): ImportDependencies {
  return {
    ledger,
    publishing: publisher && { publisher, key },
    progress: quiet,
    ...(held
      ? { bureauRecordIds: { recordIdsOf: (permitNos) => Promise.resolve(new Map([...held].filter(([no]) => permitNos.includes(no)))) } }
      : {}),
  };
}

/** The published event's members the specs look at. */
function eventOf(record: OutboundRecord): { type: string; data: object; signature: string } {
  return record.event as unknown as { type: string; data: object; signature: string };
}

function idsOf(publisher: FakePublisher): string[] {
  return publisher.records.map((record) => record.event.id);
}

describe('runImport', () => {
  it('publishes the good rows as signed, valid events, refuses the bad ones and reports them', async () => {
    const file = join(dir, 'mixed.csv');
    writePermitCsv(file, [
      permitRow(1),
      permitRow(2, { 国籍: '火星' }),
      permitRow(3, { 状态: '已过期' }),
      permitRow(4, { 护照号码: 'E1' }),
    ]);
    const publisher = new FakePublisher();
    const result = await runImport(request(file), deps(new InMemoryImportLedger(), publisher));
    expect(result).toMatchObject({ read: 4, published: 2, unchanged: 0, refused: 2, resumed: false });
    expect(publisher.records.map((record) => [eventOf(record).type, record.key])).toEqual([
      ['work-permit.issued', '310000201900000001'],
      ['work-permit.issued', '310000202100000003'],
      ['work-permit.expired', '310000202100000003'],
    ]);
    for (const record of publisher.records) {
      expect(() => validateEvent(record.event)).not.toThrow();
      expect(eventOf(record).signature).toMatch(/^ed25519:bureau-310000-k1:/);
    }
    const report = readFileSync(`${file}.errors.csv`, 'utf8').split('\r\n').slice(1, -1);
    expect(report.map((line) => line.split(',').slice(0, 3).join(','))).toEqual(['3,国籍,nationality', '5,护照号码,matches']);
  });

  it('counts every row of a file imported again as unchanged and publishes nothing', async () => {
    const file = join(dir, 'again.csv');
    writePermitCsv(file, [permitRow(1), permitRow(2), permitRow(3)]);
    const ledger = new InMemoryImportLedger();
    await runImport(request(file), deps(ledger, new FakePublisher()));
    const again = new FakePublisher();
    expect(await runImport(request(file), deps(ledger, again))).toMatchObject({
      read: 3,
      published: 0,
      unchanged: 3,
      refused: 0,
      resumed: false,
    });
    expect(again.records).toEqual([]);
  });

  it('resumes after the last acknowledged batch when a run stopped, without loss or repeat', async () => {
    const file = join(dir, 'resume.csv');
    writePermitCsv(
      file,
      Array.from({ length: 7 }, (_, n) => permitRow(n + 1)),
    );
    const ledger = new InMemoryImportLedger();
    const first = new FakePublisher(2);
    await expect(runImport(request(file, 3), deps(ledger, first))).rejects.toThrow('broker gone');
    expect(idsOf(first)).toHaveLength(3);
    const second = new FakePublisher();
    const result = await runImport(request(file, 3), deps(ledger, second));
    expect(result).toMatchObject({ read: 7, published: 7, unchanged: 0, refused: 0, resumed: true });
    const all = [...idsOf(first), ...idsOf(second)];
    expect(new Set(all).size).toBe(7);
    expect(all).toHaveLength(7);
  });

  it('publishes what changed when a later file has a newer version of a record, and refuses other content at the same version', async () => {
    const ledger = new InMemoryImportLedger();
    const first = join(dir, 'v1.csv');
    writePermitCsv(first, [permitRow(1), permitRow(2)]);
    await runImport(request(first), deps(ledger, new FakePublisher()));
    const later = join(dir, 'v2.jsonl');
    const v2 = { ...permitRow(1, { 工作岗位: 'Chief engineer' }), 版本号: '2', 状态日期: '2025-05-01' };
    const sameVersionOtherContent = permitRow(2, { 工作岗位: 'Architect' });
    writeFileSync(later, `${JSON.stringify(v2)}\n${JSON.stringify(sameVersionOtherContent)}\n`);
    const publisher = new FakePublisher();
    const result = await runImport(request(later), deps(ledger, publisher));
    expect(result).toMatchObject({ read: 2, published: 1, refused: 1 });
    expect(publisher.records.map((record) => [eventOf(record).type, eventOf(record).data])).toEqual([
      [
        'work-permit.changed',
        expect.objectContaining({ changeKinds: ['position'], position: 'Chief engineer', effectiveOn: '2025-05-01' }),
      ],
    ]);
    expect(readFileSync(`${later}.errors.csv`, 'utf8')).toContain('2,版本号,versionNewer');
  });

  it.each([1, 10])('judges a record seen twice in one file against its first sight (batches of %d rows)', async (batchRows) => {
    const file = join(dir, `twice-${batchRows}.jsonl`);
    const v1 = { ...permitRow(1), 版本号: '1' };
    const v2 = { ...permitRow(1, { 工作岗位: 'Chief engineer' }), 版本号: '2', 状态日期: '2025-05-01' };
    writeFileSync(file, [v1, permitRow(2), v2, v2].map((row) => JSON.stringify(row)).join('\n'));
    const ledger = new InMemoryImportLedger();
    const publisher = new FakePublisher();
    const result = await runImport(request(file, batchRows), deps(ledger, publisher));
    expect(result).toMatchObject({ read: 4, published: 3, unchanged: 1, refused: 0 });
    expect(publisher.records.map((record) => eventOf(record).type)).toEqual([
      'work-permit.issued',
      'work-permit.issued',
      'work-permit.changed',
    ]);
    expect(ledger.entries.get(`bureau-310000/${permitRow(1).许可证编号}`)?.version).toBe(2);
  });

  it('publishes a permit the system of record holds under its id there, refuses a record id column that names another, and keeps every event sent by record', async () => {
    const file = join(dir, 'linked.csv');
    const rows: (PermitRow & { 记录编号: string })[] = [
      { ...permitRow(1), 记录编号: '' },
      { ...permitRow(2), 记录编号: '' },
      { ...permitRow(3), 记录编号: 'fwp.permit:99' },
      { ...permitRow(4), 记录编号: '8' },
    ];
    const headers = [...PERMIT_HEADERS, '记录编号'] as const;
    writeFileSync(file, [headers.join(','), ...rows.map((row) => headers.map((header) => row[header]).join(','))].join('\n'));
    const held = new Map([
      [permitRow(1).许可证编号, 'fwp.permit:5'],
      [permitRow(3).许可证编号, 'fwp.permit:7'],
      [permitRow(4).许可证编号, 'fwp.permit:8'],
    ]);
    const ledger = new InMemoryImportLedger();
    const publisher = new FakePublisher();
    const result = await runImport(request(file), deps(ledger, publisher, held));
    expect(result).toMatchObject({ read: 4, published: 3, refused: 1 });
    expect(publisher.records.map((record) => record.key)).toEqual(['fwp.permit:5', permitRow(2).许可证编号, 'fwp.permit:8']);
    expect([...ledger.entries.keys()].sort()).toEqual(
      ['bureau-310000/fwp.permit:5', 'bureau-310000/fwp.permit:8', `bureau-310000/${permitRow(2).许可证编号}`].sort(),
    );
    expect([...ledger.events.values()]).toEqual(
      publisher.records.map((record) => ({ eventId: record.event.id, recordId: record.key, recordVersion: 1, type: eventOf(record).type })),
    );
    expect(readFileSync(`${file}.errors.csv`, 'utf8')).toContain('4,记录编号,recordIdOfBureau');
  });

  it('publishes and records nothing in a dry run', async () => {
    const file = join(dir, 'dry.csv');
    writePermitCsv(file, [permitRow(1), permitRow(2, { 出生日期: '1990/2/30' })]);
    const ledger = new InMemoryImportLedger();
    const result = await runImport(request(file), deps(ledger));
    expect(result).toMatchObject({ read: 2, published: 1, refused: 1 });
    expect(ledger.entries.size).toBe(0);
    expect(ledger.runs.size).toBe(0);
    expect(readFileSync(`${file}.errors.csv`, 'utf8')).toContain('3,出生日期,date');
  });
});
