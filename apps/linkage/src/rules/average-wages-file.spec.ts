import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { repoRoot } from '@hub/devstack';
import { readAverageWagesFile } from './average-wages-file.js';
import { AVERAGE_WAGES } from './average-wages.data.js';

const dir = mkdtempSync(join(tmpdir(), 'wages-'));
const fileOf = (content: unknown): string => {
  const file = join(dir, `${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
};
const source = { zh: '上海市统计局', en: 'Shanghai Municipal Bureau of Statistics' };

describe('AVERAGE_WAGES_FILE', () => {
  it('adds provincial figures to the shipped national ones, versions named together', () => {
    const table = readAverageWagesFile(
      fileOf({
        id: 'sh',
        version: '2025.2',
        provinces: { '310000': { '2023': { yuan: 218_000, measure: 'urban-non-private-units', source } } },
      }),
    );
    expect(table.provinces['310000']?.[2023]).toEqual({ yuan: 218_000, measure: 'urban-non-private-units', source });
    expect(table.national).toBe(AVERAGE_WAGES.national);
    expect(`${table.id}@${table.version}`).toBe(`${AVERAGE_WAGES.id}+sh@${AVERAGE_WAGES.version}+2025.2`);
  });

  it('refuses a file naming every problem by its path, and one that is not JSON', () => {
    const bad = fileOf({
      id: 'x',
      version: '',
      provinces: {
        '999999': {},
        '310000': {
          '20x3': { yuan: 1, measure: 'urban-non-private-units', source },
          '2023': { yuan: -5, measure: 'all', source: { zh: '' } },
        },
      },
    });
    const problems = (() => {
      try {
        readAverageWagesFile(bad);
        return '';
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(problems).toContain('version: must be a non-empty string');
    expect(problems).toContain('provinces.999999: not a province code');
    expect(problems).toContain('provinces.310000.20x3: the key must be a year');
    expect(problems).toContain('provinces.310000.2023.yuan: must be a whole number');
    expect(problems).toContain('provinces.310000.2023.measure: must be one of');
    expect(problems).toContain('provinces.310000.2023.source.zh: must be a non-empty string');
    expect(problems).toContain('provinces.310000.2023.source.en: must be a non-empty string');
    expect(() => readAverageWagesFile(fileOf('{ not json'))).toThrow(/cannot be read as JSON/);
  });

  it("reads the local demonstration's file, every figure labelled as not official", () => {
    const table = readAverageWagesFile(join(repoRoot(), 'config/reference/average-wages.demo.json'));
    const entries = Object.values(table.provinces).flatMap((years) => Object.values(years));
    expect(Object.keys(table.provinces).sort()).toEqual(['110000', '310000', '320000', '330000', '440000']);
    expect(entries.length).toBe(30);
    for (const entry of entries) expect(entry.source.en).toContain('not published statistics');
  });
});
