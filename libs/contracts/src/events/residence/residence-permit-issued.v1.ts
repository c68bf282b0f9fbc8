import { Doc } from '../../schema/annotations.js';
import { CalendarDate, Code, ReferenceNo, WorkPermitNo } from '../../validation/fields.js';
import { Nested } from '../../validation/nested.js';
import { IsAfterProperty, IsNotBeforeProperty, Optional } from '../../validation/rules.js';
import { CANONICAL_TOPICS } from '../../topics/topics.js';
import { defineEvent } from '../event-contract.js';
import { exampleEmployer, examplePerson } from '../shared/examples.js';
import { Employer, Person } from '../shared/person.js';
import { RESIDENCE_PURPOSES } from './code-lists.js';
import { Principal } from './principal.js';

/** `residence-permit.issued` v1: public security issued a foreigner's residence permit. */
@Doc("Public security issued a foreigner's residence permit", '公安机关出入境管理机构签发了外国人居留证件')
export class ResidencePermitIssuedV1 {
  @Doc('Residence permit number', '居留证件号码')
  @ReferenceNo(20)
  permitNo: string;

  @Doc('The permit holder', '持证人')
  @Nested(() => Person)
  holder: Person;

  @Doc('Purpose of residence, which is also the kind of permit', '居留事由（即居留证件类别）')
  @Code(RESIDENCE_PURPOSES)
  purpose: string;

  @Doc('Date the permit was issued', '签发日期')
  @CalendarDate()
  issuedOn: string;

  @Doc('First day of validity; on or after issuedOn', '有效期起始日，不早于签发日期')
  @CalendarDate()
  @IsNotBeforeProperty('issuedOn')
  validFrom: string;

  @Doc(
    "Last day of validity, after validFrom. A work-type permit may not outlast the Foreigner's Work Permit it relies on",
    '有效期截止日，晚于起始日。工作类居留证件的有效期不得超过所依据的外国人工作许可证',
  )
  @CalendarDate()
  @IsAfterProperty('validFrom')
  validTo: string;

  @Doc(
    "Number of the Foreigner's Work Permit a work-type permit relies on (18 digits); present when purpose is work, absent otherwise",
    '工作类居留证件所依据的外国人工作许可证号（18 位数字）；居留事由为工作时填写，其他情况不填写',
  )
  @Optional()
  @WorkPermitNo()
  workPermitNo?: string;

  @Doc('The employer, for a work-type permit', '用人单位（工作类居留证件填写）')
  @Optional()
  @Nested(() => Employer)
  employer?: Employer;

  @Doc(
    "For a family member's permit (private-affairs or family-reunion purpose), the foreign principal whose residence the permit depends on",
    '家庭成员的居留证件（私人事务类或团聚类）所依附的外籍主申请人',
  )
  @Optional()
  @Nested(() => Principal)
  principal?: Principal;
}

export const RESIDENCE_PERMIT_ISSUED_V1 = defineEvent({
  type: 'residence-permit.issued',
  version: 1,
  topic: CANONICAL_TOPICS.residencePermit,
  publishers: ['psb'],
  title: { en: 'Residence permit issued', zh: '居留证件签发' },
  description: {
    en: "A public security exit-entry administration issued a foreigner's residence permit. A work-type permit names the work permit and employer it relies on (it is normally issued within 30 days of entry on a Z or R visa); a family member's permit names its principal.",
    zh: '公安机关出入境管理机构签发了外国人居留证件。工作类居留证件注明所依据的工作许可证和用人单位（一般在持 Z 字或 R 字签证入境后 30 日内签发）；家庭成员的居留证件注明其主申请人。',
  },
  payload: ResidencePermitIssuedV1,
  identify: (data) => data.holder,
  example: (): ResidencePermitIssuedV1 => ({
    permitNo: 'R310000260001234',
    holder: examplePerson(),
    purpose: 'work',
    issuedOn: '2026-03-10',
    validFrom: '2026-03-10',
    validTo: '2028-02-29',
    workPermitNo: '310000202600001234',
    employer: exampleEmployer(),
  }),
});
