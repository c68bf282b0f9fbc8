import type { CaseRow } from '../store/linkage-rows.js';

/** A person's action on a case as `case_actions` keeps it (actor: the calling system's name; detail.agency: its agency). */
export interface PersonAction {
  readonly action: string;
  readonly actor: string;
  /** For `resolved`: `{ outcome, note? }` (outcome a code of linkage-case-resolution). */
  readonly detail: Readonly<Record<string, unknown>>;
  /** ISO 8601. */
  readonly at: string;
}

/**
 * A case after a person's action, as the cases API changes it: `claimed` makes it claimed by the
 * caller (from open or overdue); `released` gives the claim back (overdue again if it had been
 * marked overdue, else open); `resolved` resolves it with the outcome and note in its detail;
 * `reopened` opens it again; `viewed` changes nothing. A rebuild re-applies the kept actions
 * through this, so it ends where the API left the case.
 */
export function applyPersonAction(row: CaseRow, action: PersonAction): CaseRow {
  const at = new Date(action.at).toISOString();
  switch (action.action) {
    case 'claimed':
      return row.state === 'resolved' ? row : { ...row, state: 'claimed', claimedBy: action.actor, claimedAt: at };
    case 'released':
      return { ...row, state: row.overdueSince ? 'overdue' : 'open', claimedBy: null, claimedAt: null };
    case 'resolved': {
      const outcome = action.detail['outcome'];
      const note = action.detail['note'];
      return {
        ...row,
        state: 'resolved',
        resolvedAt: at,
        resolvedBy: action.actor,
        resolutionOutcome: typeof outcome === 'string' ? outcome : 'no-action-needed',
        resolutionNote: typeof note === 'string' ? note : null,
      };
    }
    case 'reopened':
      return { ...row, state: 'open', resolvedAt: null, resolvedBy: null, resolutionOutcome: null, resolutionNote: null };
    default:
      return row;
  }
}
