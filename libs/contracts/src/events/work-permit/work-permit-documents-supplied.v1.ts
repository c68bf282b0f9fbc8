import { ArrayMaxSize, ArrayMinSize, IsArray } from 'class-validator';
import { CANONICAL_TOPICS } from '../../topics/topics.js';
import { DOCUMENT_KINDS } from '../../code-lists/hub-code-lists.js';
import { Doc } from '../../schema/annotations.js';
import { Nested } from '../../validation/nested.js';
import { CalendarDate, Code, ReferenceNo } from '../../validation/fields.js';
import { defineEvent } from '../event-contract.js';
import { Person } from '../shared/person.js';
import { examplePerson } from '../shared/examples.js';

/** One document supplied after acceptance. */
@Doc('A document supplied after the application was accepted with it missing', '容缺受理后补正提交的一项材料')
export class SuppliedDocument {
  @Doc('Kind of document supplied (one listed as missing at acceptance)', '补正材料种类（受理时列为所缺的材料）')
  @Code(DOCUMENT_KINDS)
  kind: string;

  @Doc(
    'Day the bureau received the document; later than the dueDate given at acceptance means it was supplied late',
    '主管部门收到该材料的日期；晚于受理时的补正截止日即为逾期补正',
  )
  @CalendarDate()
  suppliedOn: string;
}

/** `work-permit.documents-supplied` v1: documents missing at acceptance were supplied. */
@Doc(
  'Documents that were missing when a work-permit application was accepted (容缺受理) have been supplied',
  '容缺受理的外国人来华工作许可申请已补正材料',
)
export class WorkPermitDocumentsSuppliedV1 {
  @Doc('Application number, as in work-permit.application-accepted', '申请编号（同 work-permit.application-accepted）')
  @ReferenceNo(40)
  applicationNo: string;

  @Doc('The foreigner the application is for', '申请人（拟来华工作的外国人）')
  @Nested(() => Person)
  holder: Person;

  @Doc(
    'The documents supplied, each kind at most once; kinds still missing stay outstanding until a later event supplies them',
    '本次补正的材料（每种材料至多一项）；未列出的所缺材料仍待补正，直至后续事件补齐',
  )
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(DOCUMENT_KINDS.entries.length)
  @Nested(() => SuppliedDocument, { each: true })
  documents: SuppliedDocument[];
}

export const WORK_PERMIT_DOCUMENTS_SUPPLIED_V1 = defineEvent({
  type: 'work-permit.documents-supplied',
  version: 1,
  topic: CANONICAL_TOPICS.workPermit,
  publishers: ['bureau'],
  title: { en: 'Missing documents supplied', zh: '容缺材料已补正' },
  description: {
    en: 'The applicant supplied documents that were missing when the bureau accepted the work-permit application with missing documents. A missing document that no such event supplies by its due date is overdue.',
    zh: '申请人补交了容缺受理时所缺的材料。截止日前未由本事件补交的所缺材料即为逾期。',
  },
  payload: WorkPermitDocumentsSuppliedV1,
  identify: (data) => data.holder,
  example: () => ({
    applicationNo: 'WP-310000-2026-000123',
    holder: examplePerson(),
    documents: [
      { kind: 'criminal-record', suppliedOn: '2026-01-28' },
      { kind: 'health-certificate', suppliedOn: '2026-02-03' },
    ],
  }),
});
