import { VISA_CATEGORIES } from '../../code-lists/hub-code-lists.js';
import { Doc } from '../../schema/annotations.js';
import { CalendarDate, Code, OneOf, ReferenceNo, WholeNumber } from '../../validation/fields.js';
import { Nested } from '../../validation/nested.js';
import { IsAfterProperty, IsNotBeforeProperty, Optional } from '../../validation/rules.js';
import { CANONICAL_TOPICS } from '../../topics/topics.js';
import { defineEvent } from '../event-contract.js';
import { examplePerson } from '../shared/examples.js';
import { Person } from '../shared/person.js';
import { IssuingPost } from './issuing-post.js';

/** Number of entries a visa allows. */
export const VISA_ENTRIES = ['single', 'double', 'multiple'] as const;
export type VisaEntries = (typeof VISA_ENTRIES)[number];

/** `visa.issued` v1: a Chinese visa was issued abroad (MFA) or at a port of entry (public security). */
@Doc('A Chinese visa was issued to a foreign national', '已向外国人签发中国签证')
export class VisaIssuedV1 {
  @Doc('Visa number as printed on the visa', '签证号码（以签证页印制为准）')
  @ReferenceNo(20)
  visaNo: string;

  @Doc('Number the visa authority gave the application, when the issuing system keeps one', '签证申请受理编号（签发系统有记录时填写）')
  @Optional()
  @ReferenceNo(40)
  applicationNo?: string;

  @Doc('The visa holder', '签证持有人')
  @Nested(() => Person)
  holder: Person;

  @Doc('Visa category (R talent, Z work, S1 family of a resident, …)', '签证种类（R 人才签证、Z 工作签证、S1 长期私人事务签证等）')
  @Code(VISA_CATEGORIES)
  category: string;

  @Doc('Number of entries allowed: single, double or multiple', '入境次数：single 一次、double 两次、multiple 多次')
  @OneOf(VISA_ENTRIES)
  entries: VisaEntries;

  @Doc('Date the visa was issued', '签发日期')
  @CalendarDate()
  issuedOn: string;

  @Doc('First day on which the visa may be used to enter; on or after issuedOn', '签证有效期起始日（入境最早日期），不早于签发日期')
  @CalendarDate()
  @IsNotBeforeProperty('issuedOn')
  validFrom: string;

  @Doc('Last day on which the visa may be used to enter ("enter before"), after validFrom', '签证有效期截止日（最迟入境日期），晚于起始日')
  @CalendarDate()
  @IsAfterProperty('validFrom')
  validTo: string;

  @Doc(
    'Days the holder may stay after each entry (0–180). 0 means no stay is granted on the visa itself: the holder must apply for a residence permit within 30 days of entry (as for Z, X1, S1 and J1 visas)',
    '每次入境后可停留天数（0–180）。0 表示签证本身不给予停留期，持证人须自入境之日起 30 日内申请居留证件（如 Z、X1、S1、J1 签证）',
  )
  @WholeNumber(0, 180)
  durationOfStayDays: number;

  @Doc('The post that issued the visa', '签发签证的签证机关')
  @Nested(() => IssuingPost)
  issuingPost: IssuingPost;

  @Doc(
    "Number of the Notice of Foreigner's Work Permit a Z or R visa was issued on; absent for visas that need no notice",
    'Z 字或 R 字签证所依据的外国人工作许可通知编号；无需该通知的签证不填写',
  )
  @Optional()
  @ReferenceNo(40)
  basedOnNotice?: string;
}

export const VISA_ISSUED_V1 = defineEvent({
  type: 'visa.issued',
  version: 1,
  topic: CANONICAL_TOPICS.visa,
  publishers: ['mfa', 'psb'],
  title: { en: 'Visa issued', zh: '签证签发' },
  description: {
    en: "A Chinese embassy or consulate abroad or the visa office of the MFA Commissioner's Office in Hong Kong or Macao (foreign affairs), or a port visa office (public security), issued a visa. For Z and R visas it names the work-permit notice the visa relied on, so the bureau can follow the holder to entry.",
    zh: '驻外使领馆、外交部驻港澳特派员公署（外事部门）或口岸签证机关（公安机关）签发了签证。Z 字和 R 字签证注明所依据的工作许可通知编号，便于外国专家主管部门跟踪持证人入境。',
  },
  payload: VisaIssuedV1,
  identify: (data) => data.holder,
  example: (): VisaIssuedV1 => ({
    visaNo: 'V02468135',
    applicationNo: 'PAR-2026-004512',
    holder: examplePerson(),
    category: 'Z',
    entries: 'single',
    issuedOn: '2026-01-20',
    validFrom: '2026-01-20',
    validTo: '2026-04-19',
    durationOfStayDays: 0,
    issuingPost: { kind: 'embassy', name: 'Embassy of the PRC in France', country: 'FRA' },
    basedOnNotice: 'N3100002026000871',
  }),
});
