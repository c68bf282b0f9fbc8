import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { repoRoot } from '@hub/devstack';
import { CHINA_WORKING_CALENDAR } from '../calendar/china-working-calendar.data.js';
import { loadWorkingCalendar } from '../calendar/working-calendar.js';
import { AVERAGE_WAGES } from './average-wages.data.js';
import { renderRuleBook } from './render-rule-book.js';
import { RULE_BOOK } from './rule-book.data.js';

describe('the rule book for policy officers (apps/linkage/RULES.md)', () => {
  const rendered = renderRuleBook(RULE_BOOK, loadWorkingCalendar(CHINA_WORKING_CALENDAR), AVERAGE_WAGES);

  it('lists every rule with its id, version, zh/en labels, clause, due days and named thresholds', () => {
    for (const rule of Object.values(RULE_BOOK)) {
      if (typeof rule !== 'object') continue;
      const row = rendered.split('\n').find((line) => line.startsWith(`| \`${rule.id}\` | ${rule.version} |`));
      expect(row).toBeDefined();
      expect(row).toContain(rule.label.zh);
      expect(row).toContain(rule.label.en);
    }
    expect(rendered).toContain('`salaryMultiple`: 6');
    expect(rendered).toContain('`reviewSeverities`: serious, grave');
  });

  it('is the committed RULES.md (regenerate with `npm run linkage -- rules > apps/linkage/RULES.md`)', () => {
    expect(readFileSync(join(repoRoot(), 'apps/linkage/RULES.md'), 'utf8')).toBe(rendered);
  });
});
