/** Chinese wording of each validation rule, for people at agencies who read Chinese first. */
const RULES_ZH: Readonly<Record<string, string>> = {
  isUuid: '必须是 UUID',
  matches: '格式不正确',
  isIn: '不是允许的取值',
  isInt: '必须是整数',
  min: '小于允许的最小值',
  max: '大于允许的最大值',
  isString: '必须是字符串',
  isNotEmpty: '不能为空',
  maxLength: '长度超过上限',
  isDefined: '缺失（必填）',
  isObject: '必须是 JSON 对象',
  isIso8601: '必须是 RFC 3339 时间',
  isCalendarDate: '必须是有效日期（YYYY-MM-DD）',
  isAfterProperty: '必须晚于所比较的日期',
  isBeforeProperty: '必须早于所比较的日期',
  isNotBeforeProperty: '不能早于所比较的日期',
  isRfc3339DateTime: '必须是带时区的 RFC 3339 时间，如 2026-03-01T09:30:00+08:00',
  isBoolean: '必须是布尔值（true 或 false）',
  isArray: '必须是数组',
  arrayMinSize: '元素数量少于下限',
  arrayMaxSize: '元素数量超过上限',
  arrayUnique: '元素不能重复',
  minLength: '长度低于下限',
  isNumber: '必须是数字',
  nestedValidation: '必须是对象或对象数组',
  hasNoControlCharacters: '不能包含控制字符',
  hasVisibleCharacters: '必须包含可见字符（不能只有空白、换行分隔符、双向控制符或零宽字符）',
  isAbsoluteUri: '必须是绝对 URI',
  isWellFormedUnicode: '不能包含孤立的 UTF-16 代理项',
  maxMembers: '成员数量过多',
  uniqueMemberName: '在同一对象中出现多次',
  allowedMemberName: '是不允许的成员名',
  isInCodeList: '不在对应代码表中',
  isGbT2260Region: '必须是区划代码表中的 GB/T 2260 行政区划代码',
  unknownField: '不是该契约中的字段',
  knownEventType: '是未知的事件类型',
  knownContractVersion: '没有这个契约版本',
  matchesAgency: '与发布机构不符',
  matchesIdentifiers: '与数据中的人员身份不符，请省略，由枢纽生成',
  arraySize: '事件数量超出允许范围',
};

/** The Chinese message for a broken rule at `path`. */
export function messageZh(path: string, rule: string): string {
  const subject = path || '请求体';
  const text = RULES_ZH[rule];
  return text ? `${subject} ${text}` : `${subject} 不符合规则 ${rule}`;
}
