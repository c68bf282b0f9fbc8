import type { LinkageIssue } from '../api-access/index.js';

/** The zh/en wording of the rules the cases API checks, by rule name. */
const RULES: Readonly<Record<string, { en: string; zh: string }>> = {
  isDefined: { en: 'is required', zh: '缺失（必填）' },
  isString: { en: 'must be a string', zh: '必须是字符串' },
  isObject: { en: 'must be a JSON object', zh: '必须是 JSON 对象' },
  singleValue: { en: 'must be given once', zh: '只能出现一次' },
  unknownField: { en: 'is not a field of this request', zh: '不是该请求的字段' },
  isUuid: { en: 'must be a UUID', zh: '必须是 UUID' },
  matches: { en: 'has the wrong format', zh: '格式不正确' },
  isIn: { en: 'is not one of the allowed values', zh: '不是允许的取值' },
  isInCodeList: { en: 'is not a code of its code list', zh: '不在对应代码表中' },
  isCalendarDate: { en: 'must be a valid date (YYYY-MM-DD)', zh: '必须是有效日期（YYYY-MM-DD）' },
  isInt: { en: 'must be a whole number', zh: '必须是整数' },
  min: { en: 'is below the smallest allowed value', zh: '小于允许的最小值' },
  max: { en: 'is above the largest allowed value', zh: '大于允许的最大值' },
  maxLength: { en: 'is too long', zh: '长度超过上限' },
  hasNoControlCharacters: { en: 'must not contain control characters', zh: '不能包含控制字符' },
  hasVisibleCharacters: { en: 'must contain visible characters', zh: '必须包含可见字符' },
  isCursor: { en: 'is not a cursor this API gave out', zh: '不是本接口返回的游标' },
};

/** An issue at `path` breaking `rule`, with a hint added to both languages when given. */
export function issue(path: string, rule: string, hint?: { en: string; zh: string }): LinkageIssue {
  const text = RULES[rule] ?? { en: `breaks rule ${rule}`, zh: `不符合规则 ${rule}` };
  return {
    path,
    rule,
    message: {
      en: `${path} ${text.en}${hint ? ` (${hint.en})` : ''}`,
      zh: `${path} ${text.zh}${hint ? `（${hint.zh}）` : ''}`,
    },
  };
}

/** Whether `text` is a real calendar day written YYYY-MM-DD. */
export function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}
