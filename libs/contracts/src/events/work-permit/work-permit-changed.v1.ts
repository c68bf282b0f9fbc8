import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray } from 'class-validator';
import { CANONICAL_TOPICS } from '../../topics/topics.js';
import { PERMIT_CLASSES_LIST } from '../../code-lists/hub-code-lists.js';
import { Doc } from '../../schema/annotations.js';
import { Nested } from '../../validation/nested.js';
import { IsInCodeList, Optional } from '../../validation/rules.js';
import { CalendarDate, Code, PassportNo, ReferenceNo, Text, WorkPermitNo } from '../../validation/fields.js';
import { defineEvent } from '../event-contract.js';
import { Employer, Person } from '../shared/person.js';
import { examplePerson } from '../shared/examples.js';
import { PERMIT_CHANGE_KINDS } from './code-lists.js';
import { type PermitClass } from './work-permit-issued.v1.js';

/** `work-permit.changed` v1: a bureau recorded a change to a work permit. */
@Doc(
  "A bureau recorded a change to a Foreigner's Work Permit: employer, employer name, position, class or the holder's passport. The fields after the change are given for exactly the kinds listed in changeKinds (a pairing the hub does not check)",
  '外国人工作许可证已变更：用人单位、单位名称、岗位、许可类别或持证人护照。changeKinds 所列各项变更后的内容由对应字段给出（该对应关系枢纽不校验）',
)
export class WorkPermitChangedV1 {
  @Doc('Lifelong permit number: 18 digits; it does not change', '终身不变的工作许可证号（18 位数字），变更后不变')
  @WorkPermitNo()
  permitNo: string;

  @Doc(
    'The permit holder, as identified after the change (with the new passport number when changeKinds contains passport)',
    '持证人（变更后的身份信息；changeKinds 含 passport 时为新护照号码）',
  )
  @Nested(() => Person)
  holder: Person;

  @Doc('Application number of the change request, when there was one', '变更申请编号（如有）')
  @Optional()
  @ReferenceNo(40)
  applicationNo?: string;

  @Doc('First day on which the permit reads as changed', '变更生效日期')
  @CalendarDate()
  effectiveOn: string;

  @Doc('What changed, each kind at most once', '变更事项（每项至多出现一次）')
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(PERMIT_CHANGE_KINDS.entries.length)
  @ArrayUnique()
  @IsInCodeList(PERMIT_CHANGE_KINDS, { each: true })
  changeKinds: string[];

  @Doc(
    'The employer after the change; given when changeKinds contains employer or employer-name',
    '变更后的用人单位；changeKinds 含 employer 或 employer-name 时提供',
  )
  @Optional()
  @Nested(() => Employer)
  employer?: Employer;

  @Doc('The position after the change; given when changeKinds contains position', '变更后的工作岗位；changeKinds 含 position 时提供')
  @Optional()
  @Text(200)
  position?: string;

  @Doc(
    'The permit class after the change; given when changeKinds contains permit-class',
    '变更后的许可类别；changeKinds 含 permit-class 时提供',
  )
  @Optional()
  @Code(PERMIT_CLASSES_LIST)
  permitClass?: PermitClass;

  @Doc(
    'Passport number before the replacement; given when changeKinds contains passport, so that agencies that know the holder by the old passport can link the records',
    '换发前的护照号码；changeKinds 含 passport 时提供，供以旧护照号码识别持证人的部门关联记录',
  )
  @Optional()
  @PassportNo()
  previousPassportNo?: string;
}

export const WORK_PERMIT_CHANGED_V1 = defineEvent({
  type: 'work-permit.changed',
  version: 1,
  topic: CANONICAL_TOPICS.workPermit,
  publishers: ['bureau'],
  title: { en: 'Work permit changed', zh: '工作许可证变更' },
  description: {
    en: "A provincial foreign-expert bureau recorded a change to a Foreigner's Work Permit (employer, employer name, position, permit class or the holder's passport). Public security must bring the work-type residence permit in line.",
    zh: '省级外国专家主管部门办理外国人工作许可证变更（用人单位、单位名称、工作岗位、许可类别或持证人护照）。公安出入境管理机构应相应变更工作类居留许可。',
  },
  payload: WorkPermitChangedV1,
  identify: (data) => data.holder,
  example: () => ({
    permitNo: '310000202600001234',
    holder: examplePerson(),
    applicationNo: 'WPC-310000-2027-000088',
    effectiveOn: '2027-05-01',
    changeKinds: ['employer', 'position'],
    employer: { creditCode: '91310115MA1K3Y7P2Q', name: '上海示例新材料有限公司' },
    position: 'Head of process engineering',
  }),
});
