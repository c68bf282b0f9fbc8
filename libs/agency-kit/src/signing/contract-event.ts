import { randomUUID } from 'node:crypto';

/** What an agency states in one contract event; the envelope attributes around it are the kit's. */
export interface ContractEventSpec<T extends string = string> {
  readonly type: T;
  /** The contract version `data` follows (`contractversion`). */
  readonly contractVersion: number;
  /** GB/T 2260 region the event concerns. */
  readonly region: string;
  readonly data: object;
  /** The event id; default a random UUID (pass a deterministic one when a re-run must make the same event). */
  readonly id?: string;
  /** When the fact happened: an RFC 3339 string as given, or a Date (as ISO 8601 UTC); default now. */
  readonly time?: string | Date;
  readonly subject?: string;
  /** Adds `dataschema: urn:hub:contract:<type>:v<contractVersion>`. */
  readonly dataschema?: boolean;
  readonly correlationId?: string;
  readonly causationId?: string;
  /** The agency's own record the event changes: `recordid` and `recordversion`, which the hub orders a record's versions by. */
  readonly record?: { readonly id: string; readonly version: number };
  /** The W3C trace context the event is made in. */
  readonly traceparent?: string;
}

/** An unsigned CloudEvents 1.0 envelope of a contract event, as signEvent takes it. */
export interface ContractEvent<T extends string = string> {
  readonly specversion: '1.0';
  readonly id: string;
  readonly type: T;
  readonly source: string;
  readonly time: string;
  readonly datacontenttype: 'application/json';
  readonly dataschema?: string;
  readonly agency: string;
  readonly region: string;
  readonly contractversion: number;
  readonly correlationid?: string;
  readonly causationid?: string;
  readonly recordid?: string;
  readonly recordversion?: number;
  readonly traceparent?: string;
  readonly subject?: string;
  readonly data: object;
}

/**
 * The CloudEvents envelope of `spec` published by `agencyId` (`source: urn:hub:agency:<id>`), its
 * optional attributes present only when given. Not validated here: pass it to validateEvent, which
 * names any field the contract refuses.
 */
export function contractEvent<T extends string>(agencyId: string, spec: ContractEventSpec<T>): ContractEvent<T> {
  const time = spec.time ?? new Date();
  return {
    specversion: '1.0',
    id: spec.id ?? randomUUID(),
    type: spec.type,
    source: `urn:hub:agency:${agencyId}`,
    time: typeof time === 'string' ? time : time.toISOString(),
    datacontenttype: 'application/json',
    ...(spec.dataschema ? { dataschema: `urn:hub:contract:${spec.type}:v${spec.contractVersion}` } : {}),
    agency: agencyId,
    region: spec.region,
    contractversion: spec.contractVersion,
    ...(spec.subject === undefined ? {} : { subject: spec.subject }),
    ...(spec.correlationId === undefined ? {} : { correlationid: spec.correlationId }),
    ...(spec.causationId === undefined ? {} : { causationid: spec.causationId }),
    ...(spec.record === undefined ? {} : { recordid: spec.record.id, recordversion: spec.record.version }),
    ...(spec.traceparent === undefined ? {} : { traceparent: spec.traceparent }),
    data: spec.data,
  };
}
