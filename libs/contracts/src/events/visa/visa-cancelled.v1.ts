import { VISA_CATEGORIES } from '../../code-lists/hub-code-lists.js';
import { Doc } from '../../schema/annotations.js';
import { CalendarDate, Code, ReferenceNo, Text } from '../../validation/fields.js';
import { Nested } from '../../validation/nested.js';
import { Optional } from '../../validation/rules.js';
import { CANONICAL_TOPICS } from '../../topics/topics.js';
import { defineEvent } from '../event-contract.js';
import { examplePerson } from '../shared/examples.js';
import { Person } from '../shared/person.js';
import { VISA_CANCELLATION_REASONS } from './code-lists.js';

/** `visa.cancelled` v1: a visa was declared invalid by its issuing authority or cancelled by public security. */
@Doc('A visa was declared invalid or cancelled', '签证被宣布作废或者注销')
export class VisaCancelledV1 {
  @Doc('Number of the cancelled visa', '被作废或注销的签证号码')
  @ReferenceNo(20)
  visaNo: string;

  @Doc('The visa holder', '签证持有人')
  @Nested(() => Person)
  holder: Person;

  @Doc('Category of the cancelled visa', '被作废或注销的签证种类')
  @Code(VISA_CATEGORIES)
  category: string;

  @Doc('Date the visa was declared invalid or cancelled', '宣布作废或注销日期')
  @CalendarDate()
  cancelledOn: string;

  @Doc('Why the visa was cancelled (Exit and Entry Administration Law, art. 67)', '作废或注销原因（《出境入境管理法》第六十七条）')
  @Code(VISA_CANCELLATION_REASONS)
  reason: string;

  @Doc('Further explanation, in words', '补充说明')
  @Optional()
  @Text(500)
  remarks?: string;
}

export const VISA_CANCELLED_V1 = defineEvent({
  type: 'visa.cancelled',
  version: 1,
  topic: CANONICAL_TOPICS.visa,
  publishers: ['mfa', 'psb'],
  title: { en: 'Visa cancelled', zh: '签证作废或注销' },
  description: {
    en: 'The authority that issued a visa declared it invalid, or public security cancelled it (Exit and Entry Administration Law, art. 67). The visa can no longer be used to enter China.',
    zh: '签证签发机关宣布签证作废，或公安机关予以注销（《出境入境管理法》第六十七条），该签证不能再用于入境。',
  },
  payload: VisaCancelledV1,
  identify: (data) => data.holder,
  example: (): VisaCancelledV1 => ({
    visaNo: 'V02468135',
    holder: examplePerson(),
    category: 'Z',
    cancelledOn: '2026-02-10',
    reason: 'work-permit-notice-withdrawn',
    remarks: 'The employer withdrew the work-permit notice before the holder entered China.',
  }),
});
