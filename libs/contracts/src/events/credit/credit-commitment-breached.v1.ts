import { CANONICAL_TOPICS } from '../../topics/topics.js';
import { DOCUMENT_KINDS } from '../../code-lists/hub-code-lists.js';
import { Doc } from '../../schema/annotations.js';
import { Nested } from '../../validation/nested.js';
import { IsAfterProperty, IsNotBeforeProperty, Optional } from '../../validation/rules.js';
import { CalendarDate, Code, OneOf, ReferenceNo, Text } from '../../validation/fields.js';
import { defineEvent } from '../event-contract.js';
import { Employer, Person } from '../shared/person.js';
import { exampleEmployer, examplePerson } from '../shared/examples.js';

/** How a commitment was breached: what it stated was untrue, or the promised document never came. */
export const COMMITMENT_BREACHES = ['false-statement', 'document-not-supplied'] as const;
export type CommitmentBreach = (typeof COMMITMENT_BREACHES)[number];

/** `credit.commitment-breached` v1: a "notify + commit" commitment that replaced a document turned out false or unfulfilled. */
@Doc(
  'A commitment signed under "notify + commit" in place of a document was found untrue, or the document was not supplied by its deadline',
  '以“告知+承诺”方式替代材料所作的承诺经核查不实，或未在期限内补交材料',
)
export class CreditCommitmentBreachedV1 {
  @Doc(
    'Number of the credit record; a later credit.record-cleared event refers to it',
    '信用记录编号；后续 credit.record-cleared 事件引用此编号',
  )
  @ReferenceNo(40)
  recordNo: string;

  @Doc('The foreigner in whose application the commitment was made', '承诺所涉申请的外国人')
  @Nested(() => Person)
  holder: Person;

  @Doc('Number of the commitment', '承诺书编号')
  @ReferenceNo(40)
  commitmentNo: string;

  @Doc('Number of the work-permit application the commitment was part of', '承诺所属的工作许可申请编号')
  @Optional()
  @ReferenceNo(40)
  applicationNo?: string;

  @Doc('The employer that applied and co-signed the commitment', '提出申请并共同签署承诺的用人单位')
  @Optional()
  @Nested(() => Employer)
  employer?: Employer;

  @Doc('The document the commitment replaced', '承诺所替代的申请材料')
  @Code(DOCUMENT_KINDS)
  documentKind: string;

  @Doc('Date the commitment was signed', '签署承诺的日期')
  @CalendarDate()
  committedOn: string;

  @Doc(
    'Deadline by which the document had to be supplied or the commitment verified, after committedOn',
    '补交材料或核查承诺的截止日期（晚于承诺日期）',
  )
  @Optional()
  @CalendarDate()
  @IsAfterProperty('committedOn')
  dueOn?: string;

  @Doc(
    'How it was breached: false-statement (what was committed is untrue) or document-not-supplied (deadline passed)',
    '违诺情形：false-statement 承诺内容不实；document-not-supplied 逾期未补交材料',
  )
  @OneOf(COMMITMENT_BREACHES)
  breach: CommitmentBreach;

  @Doc('Date the breach was established, not before committedOn', '认定违诺的日期（不早于承诺日期）')
  @CalendarDate()
  @IsNotBeforeProperty('committedOn')
  breachedOn: string;

  @Doc('What was found (up to 1000 characters)', '核查发现的情况（不超过 1000 字）')
  @Text(1000)
  description: string;
}

export const CREDIT_COMMITMENT_BREACHED_V1 = defineEvent({
  type: 'credit.commitment-breached',
  version: 1,
  topic: CANONICAL_TOPICS.credit,
  publishers: ['credit', 'linkage'],
  title: { en: 'Commitment breached', zh: '违反承诺' },
  description: {
    en: 'Under "notify + commit" an applicant signs a commitment instead of supplying a document and is approved at once; verification follows. This event records that the commitment proved false or was not fulfilled, which is a credit violation and may lead the bureau to revoke the work permit. Credit supervision publishes it; so does the linkage service when a bureau finds a commitment untrue (work-permit.commitment-verified), so that the record reaches credit supervision.',
    zh: '“告知+承诺”方式下申请人以承诺替代材料即可当场获批，事后核查。本事件记录承诺经核查不实或未履行，属于失信行为，工作许可机关可据此撤销工作许可。由信用监管部门发布；外国专家主管部门核查认定承诺不实（work-permit.commitment-verified）时，衔接服务亦发布本事件，使记录送达信用监管部门。',
  },
  payload: CreditCommitmentBreachedV1,
  identify: (data) => data.holder,
  example: (): CreditCommitmentBreachedV1 => ({
    recordNo: 'CB-310000-2026-000012',
    holder: examplePerson(),
    commitmentNo: 'CM-310000-2025-004321',
    applicationNo: 'WPA-310000-2025-118734',
    employer: exampleEmployer(),
    documentKind: 'criminal-record',
    committedOn: '2025-11-20',
    dueOn: '2026-02-20',
    breach: 'document-not-supplied',
    breachedOn: '2026-02-23',
    description: 'The criminal record certificate promised at application was not supplied by 2026-02-20; two reminders went unanswered.',
  }),
});
