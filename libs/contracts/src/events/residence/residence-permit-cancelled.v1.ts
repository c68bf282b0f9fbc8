import { Doc } from '../../schema/annotations.js';
import { CalendarDate, Code, ReferenceNo, Text, WorkPermitNo } from '../../validation/fields.js';
import { Nested } from '../../validation/nested.js';
import { Optional } from '../../validation/rules.js';
import { CANONICAL_TOPICS } from '../../topics/topics.js';
import { defineEvent } from '../event-contract.js';
import { examplePerson } from '../shared/examples.js';
import { Person } from '../shared/person.js';
import { RESIDENCE_PERMIT_CANCELLATION_REASONS } from './code-lists.js';

/** `residence-permit.cancelled` v1: a residence permit was cancelled or declared invalid. */
@Doc('Public security cancelled a residence permit or declared it invalid', '公安机关出入境管理机构注销居留证件或者宣布其作废')
export class ResidencePermitCancelledV1 {
  @Doc('Number of the cancelled residence permit', '被注销的居留证件号码')
  @ReferenceNo(20)
  permitNo: string;

  @Doc('The permit holder', '持证人')
  @Nested(() => Person)
  holder: Person;

  @Doc('Date the permit was cancelled or declared invalid', '注销或宣布作废日期')
  @CalendarDate()
  cancelledOn: string;

  @Doc('Why the permit was cancelled', '注销原因')
  @Code(RESIDENCE_PERMIT_CANCELLATION_REASONS)
  reason: string;

  @Doc(
    "For reason work-permit-ended, the number of the Foreigner's Work Permit that ended (18 digits)",
    '注销原因为工作许可终止时，所终止的外国人工作许可证号（18 位数字）',
  )
  @Optional()
  @WorkPermitNo()
  workPermitNo?: string;

  @Doc('Further explanation, in words', '补充说明')
  @Optional()
  @Text(500)
  remarks?: string;
}

export const RESIDENCE_PERMIT_CANCELLED_V1 = defineEvent({
  type: 'residence-permit.cancelled',
  version: 1,
  topic: CANONICAL_TOPICS.residencePermit,
  publishers: ['psb'],
  title: { en: 'Residence permit cancelled', zh: '居留证件注销' },
  description: {
    en: 'A public security exit-entry administration cancelled a residence permit or declared it invalid; the holder no longer has a right of residence on it. Residence follows work: a work-type permit is cancelled when its work permit ends.',
    zh: '公安机关出入境管理机构注销居留证件或者宣布其作废，持证人不再凭该证件居留。居留随工作：工作许可终止时，工作类居留证件随之注销。',
  },
  payload: ResidencePermitCancelledV1,
  identify: (data) => data.holder,
  example: (): ResidencePermitCancelledV1 => ({
    permitNo: 'R310000260001234',
    holder: examplePerson(),
    cancelledOn: '2027-06-15',
    reason: 'work-permit-ended',
    workPermitNo: '310000202600001234',
    remarks: 'Work permit cancelled by the bureau after the employment contract ended on 2027-05-31.',
  }),
});
