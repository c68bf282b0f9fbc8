import { Doc } from '../../schema/annotations.js';
import { CalendarDate, Code, ReferenceNo, WorkPermitNo } from '../../validation/fields.js';
import { Nested } from '../../validation/nested.js';
import { IsAfterProperty, Optional } from '../../validation/rules.js';
import { CANONICAL_TOPICS } from '../../topics/topics.js';
import { defineEvent } from '../event-contract.js';
import { examplePerson } from '../shared/examples.js';
import { Person } from '../shared/person.js';
import { RESIDENCE_PURPOSES } from './code-lists.js';

/** `residence-permit.renewed` v1: public security extended the validity of a residence permit. */
@Doc('Public security extended the validity of a residence permit', '公安机关出入境管理机构延长了居留证件的有效期')
export class ResidencePermitRenewedV1 {
  @Doc('Number of the residence permit as renewed', '延期后的居留证件号码')
  @ReferenceNo(20)
  permitNo: string;

  @Doc('Number of the permit the renewal replaced, when the renewal issued a new permit number', '延期换发新证件时，被替换的原居留证件号码')
  @Optional()
  @ReferenceNo(20)
  previousPermitNo?: string;

  @Doc('The permit holder', '持证人')
  @Nested(() => Person)
  holder: Person;

  @Doc('Purpose of residence, unchanged by the renewal', '居留事由（延期不改变）')
  @Code(RESIDENCE_PURPOSES)
  purpose: string;

  @Doc('Date of the renewal decision', '延期决定日期')
  @CalendarDate()
  renewedOn: string;

  @Doc('Last day of validity before the renewal', '延期前的有效期截止日')
  @CalendarDate()
  previousValidTo: string;

  @Doc(
    "New last day of validity, after previousValidTo. A work-type permit may not outlast the Foreigner's Work Permit",
    '延期后的有效期截止日，晚于延期前的截止日。工作类居留证件不得超过外国人工作许可证的有效期',
  )
  @CalendarDate()
  @IsAfterProperty('previousValidTo')
  validTo: string;

  @Doc(
    "Number of the Foreigner's Work Permit a work-type renewal relies on (18 digits)",
    '工作类居留证件延期所依据的外国人工作许可证号（18 位数字）',
  )
  @Optional()
  @WorkPermitNo()
  workPermitNo?: string;
}

export const RESIDENCE_PERMIT_RENEWED_V1 = defineEvent({
  type: 'residence-permit.renewed',
  version: 1,
  topic: CANONICAL_TOPICS.residencePermit,
  publishers: ['psb'],
  title: { en: 'Residence permit renewed', zh: '居留证件延期' },
  description: {
    en: 'A public security exit-entry administration extended the validity of a residence permit, on the same purpose of residence.',
    zh: '公安机关出入境管理机构在居留事由不变的情况下延长了居留证件的有效期。',
  },
  payload: ResidencePermitRenewedV1,
  identify: (data) => data.holder,
  example: (): ResidencePermitRenewedV1 => ({
    permitNo: 'R310000280000417',
    previousPermitNo: 'R310000260001234',
    holder: examplePerson(),
    purpose: 'work',
    renewedOn: '2028-02-02',
    previousValidTo: '2028-02-29',
    validTo: '2030-02-28',
    workPermitNo: '310000202600001234',
  }),
});
