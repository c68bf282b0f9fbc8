import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Reconciliation } from './reconciliation.js';

const HEADER = [
  '类别 kind',
  '记录编号 record id',
  '地区 region',
  '月份 month',
  '本局版本 bureau version',
  '中心版本 hub version',
  '原因 reason',
  '已重发 republished',
  '公安版本 psb version',
] as const;
/** Excel opens a CSV as UTF-8 only when it starts with the byte-order mark. */
const BOM = '\uFEFF';

/** Writes `reconciliation-<time>.json` (summary and differences) and `.csv` (one line per difference, zh/en header) into `dir`. */
export function writeReport(dir: string, reconciliation: Reconciliation): { json: string; csv: string } {
  mkdirSync(dir, { recursive: true });
  const base = join(dir, `reconciliation-${reconciliation.summary.finishedAt.replace(/[:.]/g, '-')}`);
  const json = `${base}.json`;
  const csv = `${base}.csv`;
  writeFileSync(json, `${JSON.stringify(reconciliation, null, 2)}\n`);
  const lines = reconciliation.differences.map((d) =>
    [
      d.kind,
      d.recordId,
      d.region,
      d.month,
      d.bureauVersion?.toString() ?? '',
      d.hubVersion?.toString() ?? '',
      d.reason ?? '',
      d.repaired === undefined ? '' : String(d.repaired),
      d.psbVersion?.toString() ?? '',
    ]
      .map(cell)
      .join(','),
  );
  writeFileSync(csv, BOM + [HEADER.join(','), ...lines].map((line) => `${line}\r\n`).join(''));
  return { json, csv };
}

function cell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
