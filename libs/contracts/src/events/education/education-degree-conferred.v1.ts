import { IsIn, Matches } from 'class-validator';
import { CANONICAL_TOPICS } from '../../topics/topics.js';
import { DEGREE_LEVELS } from '../../code-lists/hub-code-lists.js';
import { Doc } from '../../schema/annotations.js';
import { Nested } from '../../validation/nested.js';
import { IsAfterProperty, Optional } from '../../validation/rules.js';
import { CalendarDate, Code, OneOf, ReferenceNo, Text } from '../../validation/fields.js';
import { defineEvent } from '../event-contract.js';
import { Person } from '../shared/person.js';
import { examplePerson } from '../shared/examples.js';

/** Academic degrees (学术学位) and professional degrees (专业学位, e.g. MBA, Master of Engineering). */
export const DEGREE_TYPES = ['academic', 'professional'] as const;
export type DegreeType = (typeof DEGREE_TYPES)[number];

/** Grade point average scales in use at Chinese universities. */
export const GPA_SCALES = [4, 5] as const;
export type GpaScale = (typeof GPA_SCALES)[number];

/** The Chinese institution that conferred the degree. */
@Doc('The Chinese institution that conferred the degree', '学位授予单位')
export class DegreeUniversity {
  @Doc(
    "The institution's 10-digit identification code assigned by the Ministry of Education (学校标识码), e.g. 4131010246: the digit 4, four digits of region, then the 5-digit institution code",
    '教育部颁发的 10 位学校标识码，如 4131010246（首位 4，随后 4 位地区代码，末 5 位为学校代码）',
  )
  @Matches(/^\d{10}$/, { message: '$property must be the 10-digit Ministry of Education institution code' })
  code: string;

  @Doc('Name of the institution as registered with the Ministry of Education, in Chinese', '教育部登记的学校中文名称')
  @Text(200)
  name: string;
}

/** The discipline or major in which the degree was conferred. */
@Doc('The discipline or major in which the degree was conferred', '学位所属学科或专业')
export class DegreeField {
  @Doc('Discipline or major as printed on the degree certificate', '学位证书上载明的学科或专业名称')
  @Text(200)
  name: string;

  @Doc(
    "Code from the Ministry of Education's catalogues: 4 digits for a first-level discipline or professional-degree category (0812), 6 digits for a second-level discipline or an undergraduate major (081201), undergraduate majors possibly followed by T (special) or K (state-controlled), e.g. 080910T",
    '教育部学科专业目录代码：一级学科或专业学位类别为 4 位（如 0812），二级学科或本科专业为 6 位（如 081201），本科特设专业或国家控制布点专业后缀 T 或 K（如 080910T）',
  )
  @Optional()
  @Matches(/^\d{4}(\d{2}(T|K|TK)?)?$/, {
    message: '$property must be a 4- or 6-digit discipline code, 6-digit major codes optionally followed by T, K or TK',
  })
  code?: string;
}

/** The graduate's grade point average. */
@Doc("The graduate's cumulative grade point average (GPA)", '毕业生累计平均学分绩点（GPA）')
export class DegreeGrade {
  @Doc(
    'Grade point average as a decimal string with one or two decimal places, e.g. 3.72; not greater than the scale',
    '平均学分绩点，保留一至两位小数的十进制字符串，如 3.72；不得超过满分',
  )
  @Matches(/^([0-4]\.\d{1,2}|5\.00?)$/, { message: '$property must be a grade point average between 0.0 and 5.00, such as 3.72' })
  gpa: string;

  @Doc('Scale of the grade point average: 4 or 5 (the best grade)', 'GPA 满分：4 分制或 5 分制')
  @IsIn([...GPA_SCALES])
  scale: GpaScale;
}

/** `education.degree-conferred` v1: a Chinese university conferred a degree on a foreign student. */
@Doc('A Chinese university conferred a degree on a foreign student', '中国高等学校向外国留学生授予学位')
export class EducationDegreeConferredV1 {
  @Doc(
    'Number of the degree certificate (学位证书编号), normally 16 digits: 5-digit degree-conferring unit code, degree level digit, year, 6-digit sequence',
    '学位证书编号，通常为 16 位：5 位学位授予单位代码、1 位学位级别、4 位授予年份、6 位顺序号',
  )
  @ReferenceNo(40)
  certificateNo: string;

  @Doc(
    'Number of the graduation certificate (毕业证书编号) registered in the national higher-education qualification database, when one was issued',
    '在全国高等教育学历证书电子注册系统中注册的毕业证书编号（如颁发）',
  )
  @Optional()
  @ReferenceNo(40)
  diplomaNo?: string;

  @Doc('The graduate on whom the degree was conferred', '获得学位的外国留学生')
  @Nested(() => Person)
  holder: Person;

  @Doc("Degree level: bachelor's, master's or doctorate", '学位级别：学士、硕士或博士')
  @Code(DEGREE_LEVELS)
  level: string;

  @Doc('Academic or professional degree', '学位类型：学术学位或专业学位')
  @Optional()
  @OneOf(DEGREE_TYPES)
  degreeType?: DegreeType;

  @Doc('The conferring institution', '学位授予单位')
  @Nested(() => DegreeUniversity)
  university: DegreeUniversity;

  @Doc('Discipline or major of the degree', '学位所属学科或专业')
  @Nested(() => DegreeField)
  field: DegreeField;

  @Doc('Student number at the institution', '学号')
  @Optional()
  @ReferenceNo(40)
  studentNo?: string;

  @Doc('Date of enrolment in the programme', '入学日期')
  @Optional()
  @CalendarDate()
  enrolledOn?: string;

  @Doc('Date the degree was conferred, after enrolledOn', '学位授予日期（晚于入学日期）')
  @CalendarDate()
  @IsAfterProperty('enrolledOn')
  conferredOn: string;

  @Doc('Cumulative grade point average, when the institution reports one', '累计平均学分绩点（学校提供时）')
  @Optional()
  @Nested(() => DegreeGrade)
  grade?: DegreeGrade;
}

export const EDUCATION_DEGREE_CONFERRED_V1 = defineEvent({
  type: 'education.degree-conferred',
  version: 1,
  topic: CANONICAL_TOPICS.education,
  publishers: ['moe'],
  title: { en: 'Degree conferred on a foreign student', zh: '外国留学生学位授予' },
  description: {
    en: "The education authority reports that a Chinese university conferred a bachelor's, master's or doctoral degree on a foreign student. A master's degree or above lets the graduate apply directly for a work permit and a work-type residence permit.",
    zh: '教育主管部门报告中国高等学校向外国留学生授予学士、硕士或博士学位。获得硕士及以上学位的外国留学生可直接申请外国人来华工作许可和工作类居留许可。',
  },
  payload: EducationDegreeConferredV1,
  identify: (data) => data.holder,
  example: (): EducationDegreeConferredV1 => ({
    certificateNo: '1024732025000123',
    diplomaNo: '102471202502000456',
    holder: examplePerson(),
    level: 'master',
    degreeType: 'academic',
    university: { code: '4131010247', name: '同济大学' },
    field: { name: '计算机科学与技术', code: '0812' },
    studentNo: '2331045',
    enrolledOn: '2022-09-01',
    conferredOn: '2025-06-30',
    grade: { gpa: '3.72', scale: 4 },
  }),
});
