import { VISA_CATEGORIES } from '../../code-lists/hub-code-lists.js';
import { Doc } from '../../schema/annotations.js';
import { CalendarDate, Code, ReferenceNo } from '../../validation/fields.js';
import { Nested } from '../../validation/nested.js';
import { IsNotBeforeProperty, Optional } from '../../validation/rules.js';
import { CANONICAL_TOPICS } from '../../topics/topics.js';
import { defineEvent } from '../event-contract.js';
import { examplePerson } from '../shared/examples.js';
import { Person } from '../shared/person.js';
import { VISA_REFUSAL_REASONS } from './code-lists.js';
import { IssuingPost } from './issuing-post.js';

/** `visa.refused` v1: a visa authority refused a visa application. */
@Doc('A visa authority refused a visa application', '签证机关拒绝签发签证')
export class VisaRefusedV1 {
  @Doc('Number the visa authority gave the application', '签证申请受理编号')
  @ReferenceNo(40)
  applicationNo: string;

  @Doc('The applicant', '签证申请人')
  @Nested(() => Person)
  holder: Person;

  @Doc('Visa category applied for', '申请的签证种类')
  @Code(VISA_CATEGORIES)
  category: string;

  @Doc('Date the application was accepted', '签证申请受理日期')
  @Optional()
  @CalendarDate()
  appliedOn?: string;

  @Doc('Date of the refusal decision; on or after appliedOn', '拒签决定日期，不早于受理日期')
  @CalendarDate()
  @IsNotBeforeProperty('appliedOn')
  refusedOn: string;

  @Doc('The post that refused the visa', '作出拒签决定的签证机关')
  @Nested(() => IssuingPost)
  issuingPost: IssuingPost;

  @Doc(
    'Ground of refusal (Exit and Entry Administration Law, art. 21); absent when the authority gave none, as the law allows',
    '拒签事由（《出境入境管理法》第二十一条）；签证机关依法不说明理由的不填写',
  )
  @Optional()
  @Code(VISA_REFUSAL_REASONS)
  reasonCode?: string;

  @Doc(
    "Number of the Notice of Foreigner's Work Permit a refused Z or R application relied on, so the bureau learns of the refusal",
    '被拒签的 Z 字或 R 字签证申请所依据的外国人工作许可通知编号，便于外国专家主管部门知悉',
  )
  @Optional()
  @ReferenceNo(40)
  basedOnNotice?: string;
}

export const VISA_REFUSED_V1 = defineEvent({
  type: 'visa.refused',
  version: 1,
  topic: CANONICAL_TOPICS.visa,
  publishers: ['mfa', 'psb'],
  title: { en: 'Visa refused', zh: '签证拒签' },
  description: {
    en: "A Chinese embassy or consulate abroad, the visa office of the MFA Commissioner's Office in Hong Kong or Macao, or a port visa office refused a visa application. A refused Z or R application names the work-permit notice it relied on.",
    zh: '驻外使领馆、外交部驻港澳特派员公署或口岸签证机关拒绝签发签证。被拒签的 Z 字或 R 字签证申请注明所依据的工作许可通知编号。',
  },
  payload: VisaRefusedV1,
  identify: (data) => data.holder,
  example: (): VisaRefusedV1 => ({
    applicationNo: 'PAR-2026-004513',
    holder: examplePerson(),
    category: 'Z',
    appliedOn: '2026-01-12',
    refusedOn: '2026-01-19',
    issuingPost: { kind: 'embassy', name: 'Embassy of the PRC in France', country: 'FRA' },
    reasonCode: 'missing-documents',
    basedOnNotice: 'N3100002026000871',
  }),
});
