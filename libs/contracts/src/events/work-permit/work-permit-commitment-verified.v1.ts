import { CANONICAL_TOPICS } from '../../topics/topics.js';
import { DOCUMENT_KINDS } from '../../code-lists/hub-code-lists.js';
import { Doc } from '../../schema/annotations.js';
import { Nested } from '../../validation/nested.js';
import { Optional } from '../../validation/rules.js';
import { CalendarDate, Code, OneOf, ReferenceNo, Text } from '../../validation/fields.js';
import { defineEvent } from '../event-contract.js';
import { Person } from '../shared/person.js';
import { examplePerson } from '../shared/examples.js';

/** What verifying a notify-and-commit commitment found. */
export const COMMITMENT_VERIFICATION_RESULTS = ['fulfilled', 'untrue'] as const;
export type CommitmentVerificationResult = (typeof COMMITMENT_VERIFICATION_RESULTS)[number];

/** `work-permit.commitment-verified` v1: the bureau verified a commitment signed in place of a document. */
@Doc(
  'A bureau verified a commitment signed under notify-and-commit (告知承诺) in place of a document: fulfilled, or found untrue',
  '外国专家主管部门对以告知承诺方式代替材料的承诺进行核查：承诺属实已履行，或经核查不实',
)
export class WorkPermitCommitmentVerifiedV1 {
  @Doc('Application number, as in work-permit.application-accepted', '申请编号（同 work-permit.application-accepted）')
  @ReferenceNo(40)
  applicationNo: string;

  @Doc('The foreigner who applied', '申请人（外国人）')
  @Nested(() => Person)
  holder: Person;

  @Doc('Number of the commitment verified, as in the accepted application', '被核查的承诺书编号（同受理事件）')
  @ReferenceNo(40)
  commitmentNo: string;

  @Doc('Kind of document the commitment replaced', '承诺所代替的材料种类')
  @Optional()
  @Code(DOCUMENT_KINDS)
  documentKind?: string;

  @Doc(
    'fulfilled: the commitment holds (the document was supplied or the condition confirmed); untrue: what was committed is false, a breach that credit supervision records and that may lead to revocation',
    'fulfilled 承诺属实（已补交材料或条件经核实）；untrue 承诺内容不实，属违反承诺，记入信用记录并可撤销许可',
  )
  @OneOf(COMMITMENT_VERIFICATION_RESULTS)
  result: CommitmentVerificationResult;

  @Doc('Day the verification was concluded', '核查完成日期')
  @CalendarDate()
  verifiedOn: string;

  @Doc('What the verification found (up to 1000 characters)', '核查情况说明（不超过 1000 字）')
  @Optional()
  @Text(1000)
  note?: string;
}

export const WORK_PERMIT_COMMITMENT_VERIFIED_V1 = defineEvent({
  type: 'work-permit.commitment-verified',
  version: 1,
  topic: CANONICAL_TOPICS.workPermit,
  publishers: ['bureau'],
  title: { en: 'Commitment verified', zh: '告知承诺核查' },
  description: {
    en: 'Under notify-and-commit a signed commitment replaced a document when the application was accepted; the bureau verifies it by its verifyBy date. A fulfilled commitment closes the item; one found untrue is a breach: the linkage service opens a revocation review for the bureau and publishes credit.commitment-breached to credit supervision.',
    zh: '告知承诺受理时以书面承诺代替材料，主管部门应在核查截止日前核查。承诺属实即办结该事项；经核查不实属违反承诺：衔接服务为主管部门开立撤销许可复核案件，并向信用监管部门发布 credit.commitment-breached。',
  },
  payload: WorkPermitCommitmentVerifiedV1,
  identify: (data) => data.holder,
  example: (): WorkPermitCommitmentVerifiedV1 => ({
    applicationNo: 'WPA-310000-2025-118734',
    holder: examplePerson(),
    commitmentNo: 'CM-310000-2025-004321',
    documentKind: 'criminal-record',
    result: 'untrue',
    verifiedOn: '2026-02-18',
    note: 'The issuing police authority reported a conviction in 2019; the commitment stated none.',
  }),
});
