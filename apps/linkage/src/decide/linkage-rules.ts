import { CHINA_WORKING_CALENDAR } from '../calendar/china-working-calendar.data.js';
import { loadWorkingCalendar, type WorkingCalendar } from '../calendar/working-calendar.js';
import { readAverageWagesFile } from '../rules/average-wages-file.js';
import { AVERAGE_WAGES, type AverageWageTable } from '../rules/average-wages.data.js';
import { RULE_BOOK } from '../rules/rule-book.data.js';
import type { RuleContext } from '../rules/rule-context.js';

/** The versions of the reference data the rules run on, as /health shows them. */
export interface RuleDataVersions {
  readonly ruleBook: string;
  readonly calendar: string;
  readonly averageWages: string;
}

/** The rule book, the working-day calendar and the average wages the service decides with (loaded once). */
export class LinkageRules {
  private readonly calendar: WorkingCalendar;

  constructor(private readonly wages: AverageWageTable = AVERAGE_WAGES) {
    this.calendar = loadWorkingCalendar(CHINA_WORKING_CALENDAR);
  }

  /** The rules' context on day `asOf` (YYYY-MM-DD, Asia/Shanghai). */
  contextAt(asOf: string): RuleContext {
    return { asOf, calendar: this.calendar, rules: RULE_BOOK, wages: this.wages };
  }

  versions(): RuleDataVersions {
    return { ruleBook: RULE_BOOK.version, calendar: this.calendar.ref, averageWages: `${this.wages.id}@${this.wages.version}` };
  }
}

/** The rules with the shipped wages, plus the provincial figures of AVERAGE_WAGES_FILE when one is given. */
export function linkageRulesOf(averageWagesFile: string | undefined): LinkageRules {
  return new LinkageRules(averageWagesFile ? readAverageWagesFile(averageWagesFile) : AVERAGE_WAGES);
}
