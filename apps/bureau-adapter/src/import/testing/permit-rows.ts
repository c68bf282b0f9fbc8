import { writeFileSync } from 'node:fs';

/** The headers of a bureau's permit export as the default mapping reads them. */
export const PERMIT_HEADERS = [
  '许可证编号',
  '姓名',
  '国籍',
  '护照号码',
  '出生日期',
  '许可类别',
  '用人单位',
  '统一社会信用代码',
  '工作岗位',
  '发证日期',
  '有效期至',
  '状态',
] as const;
export type PermitRow = Record<(typeof PERMIT_HEADERS)[number], string>;

const NATIONALITIES = ['法国', 'DEU', '美国', '日本', 'United Kingdom', 'kor', '意大利', 'BRA'];
const DATE_FORMS = [
  (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
  (y: number, m: number, d: number) => `${y}/${m}/${d}`,
  (y: number, m: number, d: number) => `${y}年${m}月${d}日`,
];

/** The `n`-th permit of a fictional historical export: valid, distinct, in the date forms exports use. */
export function permitRow(n: number, changes: Partial<PermitRow> = {}): PermitRow {
  const form = DATE_FORMS[n % DATE_FORMS.length] ?? DATE_FORMS[0]!;
  const year = 2018 + (n % 7);
  const month = 1 + (n % 12);
  const day = 1 + (n % 28);
  return {
    许可证编号: `31000020${String(year).slice(2)}${String(n).padStart(8, '0')}`,
    姓名: `Holder ${n}`,
    国籍: NATIONALITIES[n % NATIONALITIES.length] ?? 'FRA',
    护照号码: `E${String(n).padStart(8, '0')}`,
    出生日期: form(1970 + (n % 30), month, day),
    许可类别: ['A', 'B类', 'C'][n % 3] ?? 'B',
    用人单位: `上海示例科技有限公司${n % 100}`,
    统一社会信用代码: '91310000MA1FL4XXXX',
    工作岗位: 'Engineer',
    发证日期: form(year, month, day),
    有效期至: form(year + 2, month, day),
    状态: '有效',
    ...changes,
  };
}

/** Writes rows as a UTF-8 CSV with the permit headers. */
export function writePermitCsv(file: string, rows: readonly PermitRow[]): void {
  const lines = [PERMIT_HEADERS.join(','), ...rows.map((row) => PERMIT_HEADERS.map((header) => row[header]).join(','))];
  writeFileSync(file, `${lines.join('\n')}\n`);
}
