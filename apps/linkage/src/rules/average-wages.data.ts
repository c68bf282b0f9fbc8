import type { Labels } from '../calendar/working-calendar.types.js';

/** One published average wage: yuan per year, what it measures, and where it was published. */
export interface AverageWageEntry {
  readonly yuan: number;
  readonly measure: 'urban-non-private-units' | 'urban-all-units';
  readonly source: Labels;
}

/** Average urban wages per region and year, versioned, each figure with its publication. */
export interface AverageWageTable {
  readonly id: string;
  readonly version: string;
  /** Province-level figures by GB/T 2260 province code (e.g. 310000) and year. The rule uses only these. */
  readonly provinces: Readonly<Record<string, Readonly<Record<number, AverageWageEntry>>>>;
  /** National figures, for reference and comparison; the rule never substitutes them for a province's. */
  readonly national: Readonly<Record<number, AverageWageEntry>>;
}

const nbs = (year: number): Labels => ({
  en: `National Bureau of Statistics, ${year} average wage of employed persons in urban units (non-private units), published May ${year + 1}`,
  zh: `国家统计局：${year}年城镇非私营单位就业人员年平均工资（${year + 1}年5月发布）`,
});

const national = (year: number, yuan: number): [number, AverageWageEntry] => [
  year,
  { yuan, measure: 'urban-non-private-units', source: nbs(year) },
];

/**
 * The reference wages. Provincial figures are loaded from each province's statistics bureau or
 * human-resources department as the provinces confirm them; until a province-year is here, the
 * permanent-residence rule answers "cannot decide" for it rather than guessing.
 */
export const AVERAGE_WAGES: AverageWageTable = {
  id: 'cn-average-urban-wage',
  version: '2025.1',
  provinces: {},
  national: Object.fromEntries([
    national(2016, 67_569),
    national(2017, 74_318),
    national(2018, 82_413),
    national(2019, 90_501),
    national(2020, 97_379),
    national(2021, 106_837),
    national(2022, 114_029),
    national(2023, 120_698),
    national(2024, 124_110),
  ]),
};
