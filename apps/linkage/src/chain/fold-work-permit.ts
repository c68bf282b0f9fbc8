import type { ChainEvent, WorkPermitView } from './person-chain.types.js';
import { type ChainDraft, trace } from './chain-draft.js';

type WorkPermitEvent = Extract<ChainEvent, { type: `work-permit.${string}` }>;

/** Folds one work-permit event into the draft: permits, and applications with their items. */
export function foldWorkPermit(draft: ChainDraft, event: WorkPermitEvent): void {
  switch (event.type) {
    case 'work-permit.issued': {
      const data = event.data;
      const validity = 'validity' in data ? data.validity : { from: data.validFrom, to: data.validTo };
      updatePermit(draft, event, data.permitNo, (p) => ({
        ...p,
        permitClass: data.permitClass,
        employerCode: data.employer.creditCode,
        validFrom: validity.from,
        validTo: validity.to,
      }));
      return;
    }
    case 'work-permit.extended':
      updatePermit(draft, event, event.data.permitNo, (p) => ({ ...p, validTo: event.data.validTo, status: 'valid' }));
      return;
    case 'work-permit.changed':
      updatePermit(draft, event, event.data.permitNo, (p) => applyChange(p, event));
      return;
    case 'work-permit.expired':
      updatePermit(draft, event, event.data.permitNo, (p) => ended(p, 'expired', event.data.expiredOn, 'expired'));
      return;
    case 'work-permit.revoked':
      updatePermit(draft, event, event.data.permitNo, (p) => ended(p, 'revoked', event.data.revokedOn, event.data.reason));
      return;
    case 'work-permit.cancelled':
      updatePermit(draft, event, event.data.permitNo, (p) => ended(p, 'cancelled', event.data.cancelledOn, event.data.reason));
      return;
    case 'work-permit.application-submitted': {
      const path = statedPath(event.data);
      updateApplication(draft, event, event.data.applicationNo, (a) => ({
        ...a,
        submittedOn: event.data.submittedOn,
        submittedEventId: event.id,
        ...(path ? { path } : {}),
      }));
      return;
    }
    case 'work-permit.notice-issued':
      updateApplication(draft, event, event.data.applicationNo, (a) => a);
      return;
    case 'work-permit.application-accepted':
      updateApplication(draft, event, event.data.applicationNo, (a) => ({
        ...a,
        acceptedOn: event.data.acceptedOn,
        acceptedEventId: event.id,
        mode: event.data.mode,
        missingDocuments: (event.data.missingDocuments ?? []).map((d) => ({ kind: d.kind, dueDate: d.dueDate })),
        commitments: (event.data.commitments ?? []).map((c) => ({
          commitmentNo: c.commitmentNo,
          kind: c.kind,
          signedOn: c.signedOn,
          verifyBy: c.verifyBy,
        })),
      }));
      return;
    case 'work-permit.documents-supplied': {
      const supplied = event.data.documents.map((d) => ({ kind: d.kind, suppliedOn: d.suppliedOn, eventId: event.id }));
      draft.supplies[event.data.applicationNo] = [...(draft.supplies[event.data.applicationNo] ?? []), ...supplied];
      updateApplication(draft, event, event.data.applicationNo, (a) => a);
      return;
    }
    case 'work-permit.commitment-verified': {
      const { result, verifiedOn, note } = event.data;
      draft.verifications[event.data.commitmentNo] = { result, verifiedOn, eventId: event.id, ...(note ? { note } : {}) };
      updateApplication(draft, event, event.data.applicationNo, (a) => a);
      return;
    }
    default: {
      const unhandled: never = event;
      return unhandled;
    }
  }
}

/** The application path (standard, graduate, founder) when the submission states one: v2 does, v1 has no such field. */
function statedPath(data: object): string | undefined {
  const path: unknown = 'path' in data ? data.path : undefined;
  return typeof path === 'string' ? path : undefined;
}

function applyChange(permit: WorkPermitView, event: Extract<ChainEvent, { type: 'work-permit.changed' }>): WorkPermitView {
  const { data } = event;
  const employerChanged = data.changeKinds.includes('employer');
  return {
    ...permit,
    ...(data.permitClass ? { permitClass: data.permitClass } : {}),
    ...(data.employer ? { employerCode: data.employer.creditCode } : {}),
    ...(employerChanged ? { employerChange: { effectiveOn: data.effectiveOn, eventId: event.id } } : {}),
  };
}

function ended(permit: WorkPermitView, status: WorkPermitView['status'], on: string, reason: string): WorkPermitView {
  return { ...permit, status, endedOn: on, endReason: reason };
}

function updatePermit(draft: ChainDraft, event: ChainEvent, permitNo: string, change: (p: WorkPermitView) => WorkPermitView): void {
  const current = draft.workPermits[permitNo] ?? { permitNo, status: 'valid', eventIds: [], region: event.region };
  draft.workPermits[permitNo] = change(trace(current, event.id, event.region));
}

function updateApplication(
  draft: ChainDraft,
  event: ChainEvent,
  applicationNo: string,
  change: (a: ChainDraft['applications'][string]) => ChainDraft['applications'][string],
): void {
  const current = draft.applications[applicationNo] ?? {
    applicationNo,
    missingDocuments: [],
    commitments: [],
    eventIds: [],
    region: event.region,
  };
  draft.applications[applicationNo] = change(trace(current, event.id, event.region));
}
