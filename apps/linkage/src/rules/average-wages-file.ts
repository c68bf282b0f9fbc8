import { readFileSync } from 'node:fs';
import { PROVINCES } from '@hub/contracts';
import type { Labels } from '../calendar/working-calendar.types.js';
import { AVERAGE_WAGES, type AverageWageEntry, type AverageWageTable } from './average-wages.data.js';

const MEASURES: readonly AverageWageEntry['measure'][] = ['urban-non-private-units', 'urban-all-units'];

/**
 * Provincial average wages from a JSON file (AVERAGE_WAGES_FILE), as a province's statistics bureau
 * or human-resources department publishes them, added to the shipped table's national figures:
 * `{ "id", "version", "provinces": { "310000": { "2023": { "yuan", "measure", "source": { "zh", "en" } } } } }`.
 * Every figure names its source. Throws one error listing each problem by its JSON path.
 */
export function readAverageWagesFile(file: string, shipped: AverageWageTable = AVERAGE_WAGES): AverageWageTable {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`AVERAGE_WAGES_FILE ${file}: cannot be read as JSON (${(error as Error).message})`, { cause: error });
  }
  const problems: string[] = [];
  const table = parseTable(parsed, problems);
  if (problems.length > 0 || !table) throw new Error(`AVERAGE_WAGES_FILE ${file} is invalid:\n  ${problems.join('\n  ')}`);
  return {
    id: `${shipped.id}+${table.id}`,
    version: `${shipped.version}+${table.version}`,
    provinces: { ...shipped.provinces, ...table.provinces },
    national: shipped.national,
  };
}

function parseTable(value: unknown, problems: string[]): Pick<AverageWageTable, 'id' | 'version' | 'provinces'> | undefined {
  if (!isObject(value)) {
    problems.push('(top level): must be an object with id, version and provinces');
    return undefined;
  }
  const id = text(value['id'], 'id', problems);
  const version = text(value['version'], 'version', problems);
  const provinces: Record<string, Record<number, AverageWageEntry>> = {};
  if (!isObject(value['provinces'])) problems.push('provinces: must be an object keyed by GB/T 2260 province code (e.g. 310000)');
  else {
    for (const [code, years] of Object.entries(value['provinces'])) {
      if (!PROVINCES.entries.some((p) => p.code === code)) problems.push(`provinces.${code}: not a province code of code list province`);
      if (!isObject(years)) {
        problems.push(`provinces.${code}: must be an object keyed by year`);
        continue;
      }
      provinces[code] = {};
      for (const [year, entry] of Object.entries(years)) {
        const parsed = parseEntry(entry, `provinces.${code}.${year}`, problems);
        if (!/^(19|20)\d{2}$/.test(year)) problems.push(`provinces.${code}.${year}: the key must be a year (e.g. 2023)`);
        else if (parsed) provinces[code][Number(year)] = parsed;
      }
    }
  }
  return id && version ? { id, version, provinces } : undefined;
}

function parseEntry(value: unknown, path: string, problems: string[]): AverageWageEntry | undefined {
  if (!isObject(value)) {
    problems.push(`${path}: must be an object with yuan, measure and source`);
    return undefined;
  }
  const { yuan, measure, source } = value;
  const before = problems.length;
  if (typeof yuan !== 'number' || !Number.isInteger(yuan) || yuan <= 0 || yuan > 10_000_000)
    problems.push(`${path}.yuan: must be a whole number of yuan per year between 1 and 10,000,000`);
  if (!MEASURES.includes(measure as AverageWageEntry['measure'])) problems.push(`${path}.measure: must be one of ${MEASURES.join(', ')}`);
  if (!isObject(source)) problems.push(`${path}.source: must be { zh, en } naming the publication of the figure`);
  else {
    text(source['zh'], `${path}.source.zh`, problems);
    text(source['en'], `${path}.source.en`, problems);
  }
  return problems.length === before
    ? { yuan: yuan as number, measure: measure as AverageWageEntry['measure'], source: source as Labels }
    : undefined;
}

function text(value: unknown, path: string, problems: string[]): string | undefined {
  if (typeof value === 'string' && value.trim().length > 0 && value.length <= 500) return value;
  problems.push(`${path}: must be a non-empty string of at most 500 characters`);
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
