import { CANONICAL_TOPICS } from '../../topics/topics.js';
import { Doc } from '../../schema/annotations.js';
import { Nested } from '../../validation/nested.js';
import { IsAfterProperty, Optional } from '../../validation/rules.js';
import { CalendarDate, Code, ReferenceNo, Text } from '../../validation/fields.js';
import { defineEvent } from '../event-contract.js';
import { Person } from '../shared/person.js';
import { examplePerson } from '../shared/examples.js';
import { TALENT_CARD_SUSPENSION_REASONS } from './code-lists.js';

/** `talent-card.suspended` v1: a bureau suspended a talent service card. */
@Doc('A bureau suspended a high-level foreign talent service card', '外国高层次人才服务卡已暂停使用')
export class TalentCardSuspendedV1 {
  @Doc('Card number, as in talent-card.issued', '服务卡卡号（与 talent-card.issued 一致）')
  @ReferenceNo(40)
  cardNo: string;

  @Doc('The card holder', '持卡人')
  @Nested(() => Person)
  holder: Person;

  @Doc('First day of the suspension', '暂停生效日期')
  @CalendarDate()
  suspendedOn: string;

  @Doc('Why the card was suspended', '暂停原因')
  @Code(TALENT_CARD_SUSPENSION_REASONS)
  reason: string;

  @Doc(
    'Last day of the suspension, after suspendedOn; absent when it lasts until a further decision',
    '暂停截止日（晚于暂停生效日期）；不填表示暂停至另行决定',
  )
  @Optional()
  @CalendarDate()
  @IsAfterProperty('suspendedOn')
  until?: string;

  @Doc(
    'Number of the credit record that caused the suspension, when the reason is credit-record',
    '导致暂停的信用记录编号（原因为 credit-record 时）',
  )
  @Optional()
  @ReferenceNo(40)
  creditRecordNo?: string;

  @Doc('Further explanation (up to 500 characters)', '补充说明（不超过 500 字）')
  @Optional()
  @Text(500)
  note?: string;
}

export const TALENT_CARD_SUSPENDED_V1 = defineEvent({
  type: 'talent-card.suspended',
  version: 1,
  topic: CANONICAL_TOPICS.talentCard,
  publishers: ['bureau'],
  title: { en: 'Talent service card suspended', zh: '人才服务卡暂停' },
  description: {
    en: 'A provincial foreign-expert bureau suspended a talent service card. While it is suspended, agencies must not grant the services of the card; they resume after until, or on a later event.',
    zh: '省级外国专家主管部门暂停人才服务卡。暂停期间各部门不再依据该卡提供服务；暂停截止日后或收到后续事件时恢复。',
  },
  payload: TalentCardSuspendedV1,
  identify: (data) => data.holder,
  example: (): TalentCardSuspendedV1 => ({
    cardNo: 'TC-310000-2026-000078',
    holder: examplePerson(),
    suspendedOn: '2026-03-02',
    reason: 'under-investigation',
    until: '2026-06-01',
    note: 'Suspended pending the outcome of an exit-entry investigation.',
  }),
});
