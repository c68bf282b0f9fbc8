import { CANONICAL_TOPICS } from '../../topics/topics.js';
import { Doc } from '../../schema/annotations.js';
import { Nested } from '../../validation/nested.js';
import { Optional } from '../../validation/rules.js';
import { CalendarDate, Code, OneOf, ReferenceNo, Text } from '../../validation/fields.js';
import { defineEvent } from '../event-contract.js';
import { Person } from '../shared/person.js';
import { examplePerson } from '../shared/examples.js';
import { CREDIT_CLEARANCE_REASONS } from './code-lists.js';

/** The kinds of credit record an event can clear, by the event that created them. */
export const CREDIT_RECORD_TYPES = ['violation', 'commitment-breach'] as const;
export type CreditRecordType = (typeof CREDIT_RECORD_TYPES)[number];

/** `credit.record-cleared` v1: a credit record stops being shared. */
@Doc(
  'A credit record (violation or breached commitment) was cleared and is no longer shared',
  '信用记录（违法违规或违反承诺）已移除，不再共享',
)
export class CreditRecordClearedV1 {
  @Doc(
    'Number of the record cleared, as published in credit.violation-recorded or credit.commitment-breached',
    '被移除的信用记录编号（与 credit.violation-recorded 或 credit.commitment-breached 中一致）',
  )
  @ReferenceNo(40)
  recordNo: string;

  @Doc(
    'Which kind of record it is: violation (credit.violation-recorded) or commitment-breach (credit.commitment-breached)',
    '记录类别：violation 违法违规记录；commitment-breach 违反承诺记录',
  )
  @OneOf(CREDIT_RECORD_TYPES)
  recordType: CreditRecordType;

  @Doc('The foreigner the record was about', '信用记录所涉外国人')
  @Nested(() => Person)
  holder: Person;

  @Doc('Date from which the record is cleared', '信用记录移除生效日期')
  @CalendarDate()
  clearedOn: string;

  @Doc('Why the record was cleared', '移除原因')
  @Code(CREDIT_CLEARANCE_REASONS)
  reason: string;

  @Doc(
    'Number of the decision that cleared it (credit-repair decision, review decision or judgment), as printed',
    '移除依据的决定书文号（信用修复决定、复议决定或判决书等，按原文填写）',
  )
  @Optional()
  @Text(100)
  decisionNo?: string;

  @Doc('Further explanation (up to 1000 characters)', '补充说明（不超过 1000 字）')
  @Optional()
  @Text(1000)
  note?: string;
}

export const CREDIT_RECORD_CLEARED_V1 = defineEvent({
  type: 'credit.record-cleared',
  version: 1,
  topic: CANONICAL_TOPICS.credit,
  publishers: ['credit'],
  title: { en: 'Credit record cleared', zh: '信用记录移除' },
  description: {
    en: 'Credit supervision cleared a violation or breached-commitment record (credit repaired, publication period ended, decision overturned …). Subscribers must stop relying on the record from clearedOn.',
    zh: '信用监管部门移除违法违规或违反承诺记录（信用修复、公示期届满、原决定被撤销等）。订阅方自移除生效日期起不得再依据该记录。',
  },
  payload: CreditRecordClearedV1,
  identify: (data) => data.holder,
  example: (): CreditRecordClearedV1 => ({
    recordNo: 'CR-310000-2024-000317',
    recordType: 'violation',
    holder: examplePerson(),
    clearedOn: '2026-02-27',
    reason: 'credit-repaired',
    decisionNo: '沪信修字〔2026〕0031号',
    note: 'Fine paid and credit-repair commitment fulfilled; repair approved after one year.',
  }),
});
