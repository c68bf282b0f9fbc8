/** Where a page of cases ended: the last case's due date (null: no due date) and id. */
export interface CaseCursor {
  readonly dueDate: string | null;
  readonly id: string;
}

/** An opaque cursor (base64url JSON) for the page after `last`. */
export function encodeCaseCursor(last: CaseCursor): string {
  return Buffer.from(JSON.stringify([last.dueDate, last.id]), 'utf8').toString('base64url');
}

/** The position a cursor of encodeCaseCursor names, or undefined when the text is not one. */
export function decodeCaseCursor(text: string): CaseCursor | undefined {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(text)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!Array.isArray(value) || value.length !== 2) return undefined;
  const [dueDate, id] = value as unknown[];
  const dateOk = dueDate === null || (typeof dueDate === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(dueDate));
  const idOk = typeof id === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id);
  return dateOk && idOk ? { dueDate, id } : undefined;
}
