import type { RowIssue } from './source-row.js';

/** A cell as text, or why it cannot be trusted as text. */
export type CellText = { readonly text: string } | { readonly issue: Pick<RowIssue, 'rule' | 'messageZh' | 'messageEn'> };

/**
 * A spreadsheet or JSON value as the text a bureau meant: numbers as written (refused when too
 * large to have survived as a number: an 18-digit permit number stored as a number is already
 * rounded), dates as YYYY-MM-DD, rich text and formula results as their text.
 */
export function cellText(value: unknown): CellText {
  if (value === null || value === undefined) return { text: '' };
  if (typeof value === 'string') return { text: value };
  if (typeof value === 'boolean') return { text: String(value) };
  if (typeof value === 'number') return numberText(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? { text: '' } : { text: value.toISOString().slice(0, 10) };
  if (typeof value === 'object') return objectText(value);
  return { text: typeof value === 'bigint' ? value.toString() : '' };
}

function numberText(value: number): CellText {
  if (!Number.isInteger(value) || Number.isSafeInteger(value)) return { text: String(value) };
  return {
    issue: {
      rule: 'numberAsText',
      messageZh: '该单元格以数值存储，位数过多已被舍入；请将该列设置为文本格式后重新导出',
      messageEn: 'the cell holds a number too long to be exact (it was rounded); format the column as text and export again',
    },
  };
}

function objectText(value: object): CellText {
  const fields = value as Record<string, unknown>;
  if (Array.isArray(fields['richText'])) {
    return { text: (fields['richText'] as { text?: unknown }[]).map((part) => (typeof part.text === 'string' ? part.text : '')).join('') };
  }
  if ('result' in fields) return cellText(fields['result']);
  if (typeof fields['text'] === 'string') return { text: fields['text'] };
  if ('error' in value) {
    return {
      issue: { rule: 'cellError', messageZh: '单元格为公式错误值（如 #N/A）', messageEn: 'the cell holds a formula error (such as #N/A)' },
    };
  }
  return { issue: { rule: 'scalar', messageZh: '单元格须为文本、数字或日期', messageEn: 'the cell must be text, a number or a date' } };
}
