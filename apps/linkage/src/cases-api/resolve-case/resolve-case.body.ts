import { findCode } from '@hub/contracts';
import { invalidRequest, type LinkageIssue } from '../../api-access/index.js';
import { CASE_RESOLUTIONS, NOTE_REQUIRED_FOR } from '../case-resolutions.js';
import { issue } from '../request-issues.js';

/** A checked body of `POST /v1/cases/:id/resolve`. */
export interface ResolveCaseBody {
  /** A code of code list linkage-case-resolution. */
  readonly outcome: string;
  readonly note?: string;
}

export const MAX_NOTE_LENGTH = 2000;

/** Control characters other than tab and line breaks, and the invisible format characters. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const FORBIDDEN_IN_NOTE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\p{Cf}]/u;

/** Checks the body, naming every broken field at once (400); a note is required for kept-with-reason. */
export function parseResolveCaseBody(body: unknown): ResolveCaseBody {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalidRequest([
      issue('body', 'isObject', {
        en: 'send {"outcome": "…", "note": "…"} as application/json',
        zh: '请以 application/json 发送 {"outcome": "…", "note": "…"}',
      }),
    ]);
  }
  const fields = body as Record<string, unknown>;
  const issues: LinkageIssue[] = Object.keys(fields)
    .filter((name) => name !== 'outcome' && name !== 'note')
    .map((name) => issue(`body.${name}`, 'unknownField', { en: 'known: outcome, note', zh: '可用字段：outcome、note' }));
  const { outcome, note } = fields;
  const codes = CASE_RESOLUTIONS.entries.map((e) => e.code).join(', ');
  if (outcome === undefined) issues.push(issue('body.outcome', 'isDefined', { en: `one of ${codes}`, zh: `取值：${codes}` }));
  else if (typeof outcome !== 'string') issues.push(issue('body.outcome', 'isString'));
  else if (!findCode(CASE_RESOLUTIONS, outcome)) {
    issues.push(
      issue('body.outcome', 'isInCodeList', {
        en: `code list linkage-case-resolution: ${codes}`,
        zh: `代码表 linkage-case-resolution：${codes}`,
      }),
    );
  }
  issues.push(...noteIssues(note, outcome === NOTE_REQUIRED_FOR));
  if (issues.length > 0) throw invalidRequest(issues);
  return { outcome: outcome as string, ...(typeof note === 'string' ? { note } : {}) };
}

function noteIssues(note: unknown, required: boolean): LinkageIssue[] {
  const why = {
    en: `required when outcome is ${NOTE_REQUIRED_FOR}: say why the permit is kept`,
    zh: `outcome 为 ${NOTE_REQUIRED_FOR} 时必填：说明维持的理由`,
  };
  if (note === undefined) return required ? [issue('body.note', 'isDefined', why)] : [];
  if (typeof note !== 'string') return [issue('body.note', 'isString')];
  if (note.length > MAX_NOTE_LENGTH)
    return [issue('body.note', 'maxLength', { en: `at most ${MAX_NOTE_LENGTH} characters`, zh: `至多 ${MAX_NOTE_LENGTH} 个字符` })];
  if (FORBIDDEN_IN_NOTE.test(note)) return [issue('body.note', 'hasNoControlCharacters')];
  if (note.trim() === '') return [issue('body.note', 'hasVisibleCharacters', required ? why : undefined)];
  return [];
}
