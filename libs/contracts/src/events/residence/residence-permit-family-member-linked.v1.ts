import { Doc } from '../../schema/annotations.js';
import { CalendarDate, ReferenceNo } from '../../validation/fields.js';
import { Nested } from '../../validation/nested.js';
import { CANONICAL_TOPICS } from '../../topics/topics.js';
import { defineEvent } from '../event-contract.js';
import { examplePerson } from '../shared/examples.js';
import { Person } from '../shared/person.js';
import { exampleFamilyMember } from './examples.js';
import { Principal } from './principal.js';

/** `residence-permit.family-member-linked` v1: a family member's residence permit was linked to a principal's. */
@Doc("A family member's residence permit was linked to the principal's residence permit", '家庭成员的居留证件已与主申请人的居留证件关联')
export class ResidencePermitFamilyMemberLinkedV1 {
  @Doc("Number of the family member's residence permit", '家庭成员的居留证件号码')
  @ReferenceNo(20)
  permitNo: string;

  @Doc('The family member who holds the permit', '持证的家庭成员')
  @Nested(() => Person)
  holder: Person;

  @Doc("The principal whose residence permit the family member's permit now depends on", '该家庭成员居留证件所依附的主申请人')
  @Nested(() => Principal)
  principal: Principal;

  @Doc('Date the link was recorded', '关联登记日期')
  @CalendarDate()
  linkedOn: string;
}

export const RESIDENCE_PERMIT_FAMILY_MEMBER_LINKED_V1 = defineEvent({
  type: 'residence-permit.family-member-linked',
  version: 1,
  topic: CANONICAL_TOPICS.residencePermit,
  publishers: ['psb'],
  title: { en: 'Family member linked to principal', zh: '家庭成员居留证件关联主申请人' },
  description: {
    en: "Public security linked a family member's residence permit to the principal's, so that a renewal, shortening or cancellation of the principal's permit can be carried over to the family member's. The event is about the family member.",
    zh: '公安机关出入境管理机构将家庭成员的居留证件与主申请人的居留证件关联，以便主申请人居留证件延期、缩短或注销时同步处理家庭成员的证件。事件主体为该家庭成员。',
  },
  payload: ResidencePermitFamilyMemberLinkedV1,
  identify: (data) => data.holder,
  example: (): ResidencePermitFamilyMemberLinkedV1 => ({
    permitNo: 'R310000260001301',
    holder: exampleFamilyMember(),
    principal: { person: examplePerson(), residencePermitNo: 'R310000260001234', relationship: 'child' },
    linkedOn: '2026-03-24',
  }),
});
