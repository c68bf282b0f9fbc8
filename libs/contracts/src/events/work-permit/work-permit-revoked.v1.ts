import { CANONICAL_TOPICS } from '../../topics/topics.js';
import { Doc } from '../../schema/annotations.js';
import { Nested } from '../../validation/nested.js';
import { Optional } from '../../validation/rules.js';
import { CalendarDate, Code, ReferenceNo, Text, WorkPermitNo } from '../../validation/fields.js';
import { defineEvent } from '../event-contract.js';
import { Person } from '../shared/person.js';
import { examplePerson } from '../shared/examples.js';
import { REVOCATION_REASONS } from './code-lists.js';

/** `work-permit.revoked` v1: a bureau revoked a work permit for a fault. */
@Doc(
  "A bureau revoked a Foreigner's Work Permit for a fault: false materials, illegal employment, a breached commitment or a criminal offence",
  '外国人工作许可证已撤销（因提供虚假材料、非法就业、违反承诺或违法犯罪等过错）',
)
export class WorkPermitRevokedV1 {
  @Doc('Lifelong permit number: 18 digits', '终身不变的工作许可证号（18 位数字）')
  @WorkPermitNo()
  permitNo: string;

  @Doc('The permit holder', '持证人')
  @Nested(() => Person)
  holder: Person;

  @Doc('Day from which the permit is no longer valid', '撤销日期（自该日起许可证失效）')
  @CalendarDate()
  revokedOn: string;

  @Doc('Why the permit was revoked', '撤销原因')
  @Code(REVOCATION_REASONS)
  reason: string;

  @Doc(
    'Number of the commitment found untrue, as in work-permit.application-accepted; given when reason is breached-commitment (not checked by the hub)',
    '核查不实的承诺书编号（同 work-permit.application-accepted）；撤销原因为 breached-commitment 时提供（枢纽不校验）',
  )
  @Optional()
  @ReferenceNo(40)
  commitmentNo?: string;

  @Doc(
    "The bureau's remarks, such as the decision reference; expected when reason is other (not checked by the hub)",
    '主管部门备注（如撤销决定文号）；撤销原因为 other 时应填写（枢纽不校验）',
  )
  @Optional()
  @Text(500)
  remarks?: string;
}

export const WORK_PERMIT_REVOKED_V1 = defineEvent({
  type: 'work-permit.revoked',
  version: 1,
  topic: CANONICAL_TOPICS.workPermit,
  publishers: ['bureau'],
  title: { en: 'Work permit revoked', zh: '工作许可证撤销' },
  description: {
    en: "A provincial foreign-expert bureau revoked a Foreigner's Work Permit for a fault of the holder or the employer. Public security must cancel the work-type residence permit; credit supervision records the violation.",
    zh: '省级外国专家主管部门因持证人或用人单位过错撤销外国人工作许可证。公安出入境管理机构应注销工作类居留许可；信用监管部门据此记录违规信息。',
  },
  payload: WorkPermitRevokedV1,
  identify: (data) => data.holder,
  example: () => ({
    permitNo: '310000202600001234',
    holder: examplePerson(),
    revokedOn: '2026-06-15',
    reason: 'breached-commitment',
    commitmentNo: 'CM-310000-2026-000045',
    remarks: '沪外专撤字〔2026〕12号',
  }),
});
