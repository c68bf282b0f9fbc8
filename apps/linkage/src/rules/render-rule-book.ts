import type { WorkingCalendar } from '../calendar/working-calendar.js';
import type { AverageWageTable } from './average-wages.data.js';
import type { RuleBook, RuleDefinition } from './rule-book.data.js';

const FIXED = new Set(['id', 'version', 'label', 'basis', 'dueInWorkingDays']);

/** A threshold's value as an officer reads it: lists joined, tables as `key → value` pairs. */
function show(value: unknown): string {
  if (Array.isArray(value)) return value.map(String).join(', ');
  if (typeof value === 'object' && value !== null)
    return Object.entries(value)
      .map(([k, v]) => `${k} → ${String(v)}`)
      .join('; ');
  return String(value);
}

const cell = (text: string): string => text.replace(/\|/g, '\\|');

/**
 * The rule book as the document a policy officer reads (apps/linkage/RULES.md): each rule's id and
 * version, what it does and the clause it carries out in zh and en, the working days a case gets,
 * and every further threshold by the name decisions cite it with; then the reference data versions.
 */
export function renderRuleBook(book: RuleBook, calendar: WorkingCalendar, wages: AverageWageTable): string {
  const rules = (Object.values(book) as unknown[]).filter((entry): entry is RuleDefinition => typeof entry === 'object' && entry !== null);
  const lines = [
    '<!-- Generated from apps/linkage/src/rules/rule-book.data.ts by `npm run linkage -- rules`; do not edit. -->',
    '# Linkage rules / 衔接规则',
    '',
    `Rule book version ${book.version}. Every decision names the rule id and version it was made under, the`,
    'input events and the thresholds below. 规则手册每条决定均注明规则编号与版本、所依据的事件和下列阈值。',
    '',
    '| Rule / 规则 | v | 名称 | Title | 依据 | Basis | Case due (working days) / 办理时限（工作日） | Thresholds / 阈值 |',
    '|---|---|---|---|---|---|---|---|',
    ...rules.map((rule) => {
      const thresholds = Object.entries(rule)
        .filter(([name]) => !FIXED.has(name))
        .map(([name, value]) => `\`${name}\`: ${show(value)}`)
        .join('<br>');
      return `| \`${rule.id}\` | ${rule.version} | ${cell(rule.label.zh)} | ${cell(rule.label.en)} | ${cell(rule.basis.zh)} | ${cell(rule.basis.en)} | ${rule.dueInWorkingDays} | ${cell(thresholds) || '–'} |`;
    }),
    '',
    '## Reference data / 参考数据',
    '',
    `- Working-day calendar / 工作日历: \`${calendar.ref}\` (public holidays and adjusted working weekends per the State Council General Office's annual notices; a date outside it is "cannot decide").`,
    `- Average wages / 平均工资: \`${wages.id}@${wages.version}\`: national figures for ${Object.keys(wages.national).join(', ')}; provincial figures come from \`AVERAGE_WAGES_FILE\` (a province-year missing is "cannot decide", never a guess).`,
    '',
  ];
  return lines.join('\n');
}
