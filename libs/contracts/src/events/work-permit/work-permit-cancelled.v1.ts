import { CANONICAL_TOPICS } from '../../topics/topics.js';
import { Doc } from '../../schema/annotations.js';
import { Nested } from '../../validation/nested.js';
import { Optional } from '../../validation/rules.js';
import { CalendarDate, Code, Text, WorkPermitNo } from '../../validation/fields.js';
import { defineEvent } from '../event-contract.js';
import { Person } from '../shared/person.js';
import { examplePerson } from '../shared/examples.js';
import { CANCELLATION_REASONS } from './code-lists.js';

/** `work-permit.cancelled` v1: a bureau cancelled a work permit (no fault of the holder). */
@Doc(
  "A bureau cancelled a Foreigner's Work Permit because the employment ended or for another reason that is no fault of the holder",
  '外国人工作许可证已注销（因劳动合同终止等非持证人过错原因）',
)
export class WorkPermitCancelledV1 {
  @Doc('Lifelong permit number: 18 digits', '终身不变的工作许可证号（18 位数字）')
  @WorkPermitNo()
  permitNo: string;

  @Doc('The permit holder', '持证人')
  @Nested(() => Person)
  holder: Person;

  @Doc('Day from which the permit is no longer valid', '注销日期（自该日起许可证失效）')
  @CalendarDate()
  cancelledOn: string;

  @Doc('Why the permit was cancelled', '注销原因')
  @Code(CANCELLATION_REASONS)
  reason: string;

  @Doc(
    "The bureau's remarks; expected when reason is other (not checked by the hub)",
    '主管部门备注；注销原因为 other 时应填写（枢纽不校验）',
  )
  @Optional()
  @Text(500)
  remarks?: string;
}

export const WORK_PERMIT_CANCELLED_V1 = defineEvent({
  type: 'work-permit.cancelled',
  version: 1,
  topic: CANONICAL_TOPICS.workPermit,
  publishers: ['bureau'],
  title: { en: 'Work permit cancelled', zh: '工作许可证注销' },
  description: {
    en: "A provincial foreign-expert bureau cancelled a Foreigner's Work Permit: the employment ended, the holder left China, the employer asked or was dissolved, or the holder died. Public security must shorten or cancel the work-type residence permit, since residence follows work.",
    zh: '省级外国专家主管部门注销外国人工作许可证（劳动合同终止、持证人离境、用人单位申请或终止、持证人死亡等）。居留随工作而定，公安出入境管理机构应相应缩短或注销工作类居留许可。',
  },
  payload: WorkPermitCancelledV1,
  identify: (data) => data.holder,
  example: () => ({
    permitNo: '310000202600001234',
    holder: examplePerson(),
    cancelledOn: '2027-09-30',
    reason: 'employment-ended',
  }),
});
