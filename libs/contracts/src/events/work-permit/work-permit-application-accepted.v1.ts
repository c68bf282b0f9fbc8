import { ArrayMaxSize, ArrayMinSize, IsArray } from 'class-validator';
import { CANONICAL_TOPICS } from '../../topics/topics.js';
import { DOCUMENT_KINDS } from '../../code-lists/hub-code-lists.js';
import { Doc } from '../../schema/annotations.js';
import { Nested } from '../../validation/nested.js';
import { IsAfterProperty, Optional } from '../../validation/rules.js';
import { CalendarDate, Code, ReferenceNo } from '../../validation/fields.js';
import { defineEvent } from '../event-contract.js';
import { Person } from '../shared/person.js';
import { examplePerson } from '../shared/examples.js';
import { ACCEPTANCE_MODES } from './code-lists.js';

/** A document accepted as missing (容缺), with the day by which it must be supplied. */
@Doc('A non-key document the application was accepted without, and the deadline for supplying it', '容缺受理时缺少的非关键材料及其补正期限')
export class MissingDocument {
  @Doc('Kind of document missing', '所缺材料种类')
  @Code(DOCUMENT_KINDS)
  kind: string;

  @Doc(
    "Last day for supplying the document. Must be on or after the event's acceptedOn: a rule across objects that the schema cannot express and the hub does not check; the bureau must ensure it",
    '材料补正截止日。必须不早于本事件的 acceptedOn（受理日期）：该规则跨对象，JSON Schema 无法表达，枢纽不校验，由发布的主管部门保证',
  )
  @CalendarDate()
  dueDate: string;
}

/** A signed commitment (告知承诺) that stands in for a document until the bureau verifies it. */
@Doc(
  'A commitment signed under notify-and-commit: the applicant declares that the conditions a document would prove are met, in place of supplying it; the bureau verifies later, and a false commitment is a credit violation that can lead to revocation',
  '告知承诺：申请人书面承诺符合某项材料所证明的条件，以承诺代替提交该材料；主管部门事后核查，承诺不实记入信用记录并可撤销许可',
)
export class Commitment {
  @Doc('Kind of document the commitment replaces', '承诺所代替的材料种类')
  @Code(DOCUMENT_KINDS)
  kind: string;

  @Doc(
    "Number of the signed commitment in the bureau's system; a later revocation for breached commitment cites it",
    '承诺书编号；因违反承诺撤销许可时引用此编号',
  )
  @ReferenceNo(40)
  commitmentNo: string;

  @Doc(
    "Day the commitment was signed (on or before the event's acceptedOn; not checked by the hub)",
    '承诺书签署日期（应不晚于本事件的 acceptedOn，枢纽不校验）',
  )
  @CalendarDate()
  signedOn: string;

  @Doc('Last day by which the bureau is to verify the commitment, after signedOn', '主管部门核查承诺内容的截止日（晚于签署日期）')
  @CalendarDate()
  @IsAfterProperty('signedOn')
  verifyBy: string;
}

/** `work-permit.application-accepted` v1: a bureau accepted a work-permit application for processing. */
@Doc(
  'A bureau accepted a work-permit application for processing: complete, with missing documents (容缺受理) or on commitment (告知承诺)',
  '外国专家主管部门受理外国人来华工作许可申请：材料齐全受理、容缺受理或告知承诺受理',
)
export class WorkPermitApplicationAcceptedV1 {
  @Doc('Application number, as in work-permit.application-submitted', '申请编号（同 work-permit.application-submitted）')
  @ReferenceNo(40)
  applicationNo: string;

  @Doc('The foreigner the application is for', '申请人（拟来华工作的外国人）')
  @Nested(() => Person)
  holder: Person;

  @Doc('Day the bureau accepted the application', '受理日期')
  @CalendarDate()
  acceptedOn: string;

  @Doc(
    'How the application was accepted. missingDocuments is given when, and only when, mode is missing-documents; commitments when, and only when, mode is commitment (a pairing the hub does not check)',
    '受理方式。当且仅当 mode 为 missing-documents 时提供 missingDocuments；当且仅当 mode 为 commitment 时提供 commitments（该对应关系枢纽不校验）',
  )
  @Code(ACCEPTANCE_MODES)
  mode: string;

  @Doc(
    'Documents still owed, each kind at most once, with their deadlines; absent unless mode is missing-documents, never empty',
    '尚缺材料及补正期限（每种材料至多一项）；仅 mode 为 missing-documents 时提供，提供时不得为空',
  )
  @Optional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(DOCUMENT_KINDS.entries.length)
  @Nested(() => MissingDocument, { each: true })
  missingDocuments?: MissingDocument[];

  @Doc(
    'Commitments signed in place of documents, each document kind at most once; absent unless mode is commitment, never empty',
    '以承诺代替材料的承诺书（每种材料至多一项）；仅 mode 为 commitment 时提供，提供时不得为空',
  )
  @Optional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(DOCUMENT_KINDS.entries.length)
  @Nested(() => Commitment, { each: true })
  commitments?: Commitment[];
}

export const WORK_PERMIT_APPLICATION_ACCEPTED_V1 = defineEvent({
  type: 'work-permit.application-accepted',
  version: 1,
  topic: CANONICAL_TOPICS.workPermit,
  publishers: ['bureau'],
  title: { en: 'Work-permit application accepted', zh: '外国人来华工作许可申请已受理' },
  description: {
    en: 'A provincial foreign-expert bureau accepted a work-permit application: with all documents, with non-key documents missing and a deadline to supply each (accept with missing documents), or with signed commitments replacing documents that it will verify later (notify and commit). Overdue documents and unverified commitments are tracked from this event.',
    zh: '省级外国专家主管部门受理外国人来华工作许可申请：材料齐全受理；容缺受理（缺少非关键材料，逐项限期补正）；或告知承诺受理（以书面承诺代替材料，事后核查）。逾期未补材料和待核查承诺据此事件跟踪。',
  },
  payload: WorkPermitApplicationAcceptedV1,
  identify: (data) => data.holder,
  example: () => ({
    applicationNo: 'WP-310000-2026-000123',
    holder: examplePerson(),
    acceptedOn: '2026-01-07',
    mode: 'missing-documents',
    missingDocuments: [
      { kind: 'criminal-record', dueDate: '2026-02-06' },
      { kind: 'health-certificate', dueDate: '2026-02-06' },
    ],
  }),
});
