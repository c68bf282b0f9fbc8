import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray } from 'class-validator';
import { CANONICAL_TOPICS } from '../../topics/topics.js';
import { Doc } from '../../schema/annotations.js';
import { Nested } from '../../validation/nested.js';
import { IsAfterProperty, IsInCodeList, Optional } from '../../validation/rules.js';
import { CalendarDate, Code, ReferenceNo, WorkPermitNo } from '../../validation/fields.js';
import { defineEvent } from '../event-contract.js';
import { Employer, Person } from '../shared/person.js';
import { exampleEmployer, examplePerson } from '../shared/examples.js';
import { TALENT_CARD_SERVICES, TALENT_CARD_TIERS } from './code-lists.js';

/** `talent-card.issued` v1: a bureau issued a high-level talent service card ("one-card" service). */
@Doc('A bureau issued a high-level foreign talent service card ("one-card" service)', '外国高层次人才服务“一卡通”已发放')
export class TalentCardIssuedV1 {
  @Doc('Card number', '服务卡卡号')
  @ReferenceNo(40)
  cardNo: string;

  @Doc('The card holder', '持卡人')
  @Nested(() => Person)
  holder: Person;

  @Doc('Card tier', '服务卡等级')
  @Code(TALENT_CARD_TIERS)
  tier: string;

  @Doc("The holder's lifelong work-permit number, when the holder has one", '持卡人的外国人工作许可证号（如有）')
  @Optional()
  @WorkPermitNo()
  workPermitNo?: string;

  @Doc('The employer that nominated the holder, when there is one', '推荐持卡人的用人单位（如有）')
  @Optional()
  @Nested(() => Employer)
  employer?: Employer;

  @Doc('Date of issue, the first day of validity', '发卡日期（有效期起始日）')
  @CalendarDate()
  issuedOn: string;

  @Doc('Last day of validity, after issuedOn', '有效期截止日（晚于发卡日期）')
  @CalendarDate()
  @IsAfterProperty('issuedOn')
  validTo: string;

  @Doc(
    'Services the card entitles the holder to, each listed once (1–20 codes); absent when the card carries the standard services of its tier',
    '持卡人可享受的服务（1–20 项，不重复）；不填表示享受该等级的标准服务',
  )
  @Optional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsInCodeList(TALENT_CARD_SERVICES, { each: true })
  services?: string[];
}

export const TALENT_CARD_ISSUED_V1 = defineEvent({
  type: 'talent-card.issued',
  version: 1,
  topic: CANONICAL_TOPICS.talentCard,
  publishers: ['bureau'],
  title: { en: 'Talent service card issued', zh: '人才服务卡发放' },
  description: {
    en: 'A provincial foreign-expert bureau issued a high-level foreign talent service card ("one-card" service): one card, recognised by every agency, that gives its holder simplified work-permit and residence procedures and one-stop services for the holder and family.',
    zh: '省级外国专家主管部门向外国高层次人才发放服务卡（“一卡通”）：一卡通用、各部门互认，持卡人享受简化的工作许可和居留许可办理程序，以及本人和家属的一站式服务。',
  },
  payload: TalentCardIssuedV1,
  identify: (data) => data.holder,
  example: (): TalentCardIssuedV1 => ({
    cardNo: 'TC-310000-2026-000078',
    holder: examplePerson(),
    tier: 'A',
    workPermitNo: '310000202600001234',
    employer: exampleEmployer(),
    issuedOn: '2026-02-16',
    validTo: '2031-02-15',
    services: ['work-permit', 'residence', 'medical', 'children-education'],
  }),
});
