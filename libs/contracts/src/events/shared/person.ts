import { NATIONALITIES } from '../../code-lists/nationalities.js';
import { Doc } from '../../schema/annotations.js';
import { CalendarDate, Code, CreditCode, PassportNo, Text } from '../../validation/fields.js';

/**
 * The foreigner an event is about, as every agency identifies them: passport number, nationality and
 * birth date (from which the hub derives the subject id that links the person across agencies), and
 * the name as in the passport.
 */
@Doc('The foreign national the event is about, as identified by their passport', '事件所涉外国人（以护照信息识别）')
export class Person {
  @Doc('Passport number as printed: upper-case letters and digits', '护照号码（大写字母和数字）')
  @PassportNo()
  passportNo: string;

  @Doc('Nationality, ISO 3166-1 alpha-3 (e.g. FRA)', '国籍（ISO 3166-1 三字母代码）')
  @Code(NATIONALITIES)
  nationality: string;

  @Doc('Date of birth', '出生日期')
  @CalendarDate()
  birthDate: string;

  @Doc('Name as in the passport, in any script', '护照姓名（任何文字）')
  @Text(200)
  name: string;
}

/** An employing organisation. */
@Doc('The employing organisation', '用人单位')
export class Employer {
  @Doc('Unified social credit code (GB 32100)', '统一社会信用代码（GB 32100）')
  @CreditCode()
  creditCode: string;

  @Doc('Registered name', '单位名称')
  @Text(200)
  name: string;
}
