import { Doc } from '../../schema/annotations.js';
import { CalendarDate, Code, ReferenceNo, WorkPermitNo } from '../../validation/fields.js';
import { Nested } from '../../validation/nested.js';
import { IsGbT2260Region, Optional } from '../../validation/rules.js';
import { CANONICAL_TOPICS } from '../../topics/topics.js';
import { defineEvent } from '../event-contract.js';
import { exampleEmployer, examplePerson } from '../shared/examples.js';
import { Employer, Person } from '../shared/person.js';
import { PERMANENT_RESIDENCE_BASES } from './code-lists.js';

/** `permanent-residence.application-submitted` v1: public security accepted an application for permanent residence. */
@Doc('Public security accepted an application for permanent residence', '公安机关出入境管理机构受理了外国人永久居留申请')
export class PermanentResidenceApplicationSubmittedV1 {
  @Doc('Application number given on acceptance', '受理编号')
  @ReferenceNo(40)
  applicationNo: string;

  @Doc('The applicant', '申请人')
  @Nested(() => Person)
  holder: Person;

  @Doc('Ground of the application', '申请类别')
  @Code(PERMANENT_RESIDENCE_BASES)
  basis: string;

  @Doc('Date the application was accepted', '受理日期')
  @CalendarDate()
  submittedOn: string;

  @Doc(
    'GB/T 2260 division of the exit-entry administration that accepted the application (e.g. 310115)',
    '受理申请的出入境管理机构所在行政区划（GB/T 2260 六位代码，如 310115）',
  )
  @Optional()
  @IsGbT2260Region()
  region?: string;

  @Doc("Number of the applicant's current residence permit", '申请人现持居留证件号码')
  @Optional()
  @ReferenceNo(20)
  residencePermitNo?: string;

  @Doc(
    "For the employment and market-salary bases, the applicant's Foreigner's Work Permit number (18 digits), against which the bureau and the tax authority confirm years of work, salary and tax",
    '任职类和市场化渠道申请填写申请人的外国人工作许可证号（18 位数字），供外国专家主管部门和税务部门核实工作年限、工资收入和纳税情况',
  )
  @Optional()
  @WorkPermitNo()
  workPermitNo?: string;

  @Doc('For the employment and market-salary bases, the current employer', '任职类和市场化渠道申请填写现用人单位')
  @Optional()
  @Nested(() => Employer)
  employer?: Employer;
}

export const PERMANENT_RESIDENCE_APPLICATION_SUBMITTED_V1 = defineEvent({
  type: 'permanent-residence.application-submitted',
  version: 1,
  topic: CANONICAL_TOPICS.permanentResidence,
  publishers: ['psb'],
  title: { en: 'Permanent-residence application submitted', zh: '永久居留申请受理' },
  description: {
    en: 'A public security exit-entry administration accepted an application for permanent residence in China. Agencies holding the facts the application relies on (work permit, salary and tax, credit record) learn that they will be asked to confirm them.',
    zh: '公安机关出入境管理机构受理了外国人在中国永久居留申请。掌握申请所依据信息（工作许可、工资和纳税、信用记录）的部门据此知悉需予核实。',
  },
  payload: PermanentResidenceApplicationSubmittedV1,
  identify: (data) => data.holder,
  example: (): PermanentResidenceApplicationSubmittedV1 => ({
    applicationNo: 'PR-310000-2030-000187',
    holder: examplePerson(),
    basis: 'market-salary',
    submittedOn: '2030-04-08',
    region: '310115',
    residencePermitNo: 'R310000280000417',
    workPermitNo: '310000202600001234',
    employer: exampleEmployer(),
  }),
});
