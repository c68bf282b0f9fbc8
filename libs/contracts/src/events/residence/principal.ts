import { Doc } from '../../schema/annotations.js';
import { Code, ReferenceNo } from '../../validation/fields.js';
import { Nested } from '../../validation/nested.js';
import { Person } from '../shared/person.js';
import { FAMILY_RELATIONSHIPS } from './code-lists.js';

/**
 * The foreigner whose residence a family member's permit depends on (e.g. the holder of a work-type
 * permit whose spouse and children receive private-affairs permits).
 */
@Doc(
  "The principal: the foreign national holding a residence permit whose family member's permit depends on it",
  '主申请人：持有居留证件、其家庭成员的居留证件以之为依据的外国人',
)
export class Principal {
  @Doc('Identity of the principal, as in their passport', '主申请人身份（以护照信息为准）')
  @Nested(() => Person)
  person: Person;

  @Doc("Number of the principal's residence permit", '主申请人的居留证件号码')
  @ReferenceNo(20)
  residencePermitNo: string;

  @Doc(
    "What the holder is to the principal: the principal's spouse, child, parent, …",
    '持证人与主申请人的关系：持证人是主申请人的配偶、子女、父母等',
  )
  @Code(FAMILY_RELATIONSHIPS)
  relationship: string;
}
