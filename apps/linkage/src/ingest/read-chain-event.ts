import type { ReadEvent, RecordIssue } from '@hub/agency-kit';
import { ValidationFailedError, validateEvent } from '@hub/contracts';
import { fieldsForEvent, RAW_IDENTIFIER_FIELDS } from '@hub/identity';
import type { ChainEvent } from '../chain/person-chain.types.js';

/**
 * Reads a delivered event for a person's chain, checked against its contract version in the
 * catalogue as the hub checked it when it accepted it, less what the linkage agency's projection
 * takes out: the raw identifiers (passport numbers, names, birth dates, taxpayer ids; the person is
 * known by subject id), which the rules never read. A field missing or broken anywhere else makes
 * the record invalid, naming its path and rule. The subject the hub set is required. `linkage.*`
 * events (the service's own, should a subscription ever bring them) are left alone.
 */
export function readChainEvent(json: unknown): ReadEvent<ChainEvent> {
  const type = typeof json === 'object' && json !== null ? (json as { type?: unknown }).type : undefined;
  if (typeof type === 'string' && type.startsWith('linkage.')) return { kind: 'ignored', type };
  const issues = contractIssues(json).filter((issue) => !isWithheldIdentifier(issue.path, typeof type === 'string' ? type : undefined));
  const subject = (json as { subject?: unknown } | null)?.subject;
  if (issues.length === 0 && (typeof subject !== 'string' || subject === '')) issues.push({ path: 'subject', rule: 'isNotEmpty' });
  return issues.length > 0 ? { kind: 'invalid', issues } : { kind: 'event', event: json as ChainEvent };
}

function contractIssues(json: unknown): RecordIssue[] {
  if (acceptedWithIdentitiesFilled(json)) return [];
  try {
    validateEvent(json);
    return [];
  } catch (error) {
    if (!(error instanceof ValidationFailedError)) throw error;
    const issues = error.issues.map((issue) => ({ path: issue.path || '(event)', rule: issue.rule }));
    // Only some issues are listed: one of those not listed could be a real one, so the record is not taken.
    if (error.totalIssues > error.issues.length)
      issues.push({ path: '(event)', rule: `${error.totalIssues - error.issues.length} more issues` });
    return issues;
  }
}

/** Stand-ins for a person's raw identifiers, valid by the Person contract, in place of those the projection withheld. */
const WITHHELD_PERSON: Readonly<Record<string, string>> = { passportNo: 'X0000000', birthDate: '1970-01-01', name: 'withheld' };

/**
 * Whether the event passes its contract once the person identifiers the projection withheld are
 * filled with stand-ins: the contracts' compiled checks then accept it quickly, where the event as
 * delivered (identifiers missing) always goes through class-validator to have those issues listed
 * and left out. The stand-ins are checked, never kept. A refused event is read the slow way.
 */
function acceptedWithIdentitiesFilled(json: unknown): boolean {
  const data = isRecord(json) ? json['data'] : undefined;
  if (!isRecord(json) || !isRecord(data)) return false;
  const filled: Record<string, unknown> = { ...data };
  if (isRecord(data['holder'])) filled['holder'] = withPersonFilled(data['holder']);
  const principal = data['principal'];
  if (isRecord(principal) && isRecord(principal['person']))
    filled['principal'] = { ...principal, person: withPersonFilled(principal['person']) };
  try {
    validateEvent({ ...json, data: filled });
    return true;
  } catch (error) {
    if (error instanceof ValidationFailedError) return false;
    throw error;
  }
}

function withPersonFilled(person: Record<string, unknown>): Record<string, unknown> {
  const filled = { ...person };
  for (const [field, stand] of Object.entries(WITHHELD_PERSON)) if (filled[field] === undefined) filled[field] = stand;
  return filled;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether `path` (`data.holder.passportNo`, `data.members[0].name`) is a raw identifier the projection withholds from events of `type`. */
function isWithheldIdentifier(path: string, type: string | undefined): boolean {
  if (!path.startsWith('data.')) return false;
  const segments = path
    .slice('data.'.length)
    .replace(/\[\d+\]/g, '')
    .split('.');
  return fieldsForEvent(type, RAW_IDENTIFIER_FIELDS).some((field) => {
    const pattern = field.path.split('.');
    return pattern.length === segments.length && pattern.every((part, i) => part === '*' || part === segments[i]);
  });
}
