import { signEvent, type PrivateKeyInput } from '@hub/identity';
import type { Labels } from '../calendar/working-calendar.types.js';
import { linkageEventEnvelope } from '../publish/linkage-event-envelope.js';

/** Signs a linkage event with the linkage agency's key, as the hub verifies it. */
export interface LinkageEventSigner {
  sign<T extends object>(event: T): T & { signature: string };
}

/** A signer over the linkage agency's Ed25519 private key registered at the hub under `keyId`. */
export function linkageEventSigner(keyId: string, privateKey: PrivateKeyInput): LinkageEventSigner {
  return { sign: (event) => signEvent(event, { alg: 'ed25519', keyId, privateKey }) };
}

/** The `case` block of a linkage event's data. */
export interface LinkageCaseBlock {
  readonly caseId: string;
  readonly kind: string;
  readonly ownerAgency: string;
  readonly state: 'open' | 'claimed' | 'resolved' | 'overdue';
  readonly openedOn: string;
  readonly dueDate?: string;
  readonly dueCannotDecide?: string;
  readonly resolution?: { readonly outcome: string; readonly note?: string; readonly resolvedBy: string };
}

/** The `data` every `linkage.*` event carries (contract version 1). */
export interface LinkageEventData {
  readonly decisionKey: string;
  readonly ruleId: string;
  readonly ruleVersion: number;
  readonly outcome: string;
  readonly explanation: Labels;
  readonly inputEventIds: readonly string[];
  readonly thresholds: readonly { readonly name: string; readonly value: string }[];
  readonly findings?: readonly LinkageFinding[];
  readonly notify?: readonly string[];
  readonly case?: LinkageCaseBlock;
}

export interface LinkageFinding {
  readonly about: string;
  readonly test: string;
  readonly passed: 'yes' | 'no' | 'cannot-decide';
  readonly measured?: string;
  readonly required?: string;
  readonly shortfall?: string;
  readonly explanation: Labels;
}

/** A signed CloudEvent of the `linkage.*` family, as the linkage agency POSTs it to the hub. */
export interface SignedLinkageEvent {
  readonly specversion: '1.0';
  readonly id: string;
  readonly type: string;
  readonly source: 'urn:hub:agency:linkage';
  readonly agency: 'linkage';
  readonly subject: string;
  readonly time: string;
  readonly region: string;
  readonly contractversion: 1;
  readonly data: LinkageEventData;
  readonly signature: string;
}

/**
 * A `linkage.*` event about one person (subject) in one province (region, GB/T 2260), signed. The
 * envelope is the one the service's own events get (linkageEventEnvelope); `subject` is outside the
 * signature, as the hub expects.
 */
export function signedLinkageEvent(
  signer: LinkageEventSigner,
  facts: {
    readonly type: string;
    readonly subject: string;
    readonly region: string;
    readonly time: Date;
    readonly data: LinkageEventData;
    readonly id?: string;
  },
): SignedLinkageEvent {
  return signer.sign(linkageEventEnvelope(facts, facts.time.toISOString(), facts.id));
}

/** `linkage.case-resolved` for a case a person resolved through the cases API (data.case.resolution set). */
export function caseResolvedEvent(
  signer: LinkageEventSigner,
  facts: { readonly subject: string; readonly region: string; readonly resolvedAt: Date; readonly data: LinkageEventData },
): SignedLinkageEvent {
  return signedLinkageEvent(signer, {
    type: 'linkage.case-resolved',
    subject: facts.subject,
    region: facts.region,
    time: facts.resolvedAt,
    data: facts.data,
  });
}

/** A decision's thresholds as the contract carries them: `{ name, value }` pairs sorted by name, values as text. */
export function thresholdPairs(thresholds: unknown): { name: string; value: string }[] {
  const pairs = Array.isArray(thresholds)
    ? (thresholds as { name: unknown; value: unknown }[]).map((t) => ({ name: String(t.name), value: String(t.value) }))
    : Object.entries((thresholds ?? {}) as Record<string, unknown>).map(([name, value]) => ({ name, value: String(value) }));
  return pairs.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** A rule's findings as the contract carries them (`passed` as yes / no / cannot-decide). */
export function contractFindings(findings: unknown): LinkageFinding[] | undefined {
  if (!Array.isArray(findings)) return undefined;
  return (findings as (Omit<LinkageFinding, 'passed'> & { passed: boolean | string })[]).map((finding) => ({
    ...finding,
    passed:
      finding.passed === true || finding.passed === 'yes'
        ? 'yes'
        : finding.passed === false || finding.passed === 'no'
          ? 'no'
          : 'cannot-decide',
  }));
}
