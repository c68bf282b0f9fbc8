import type { BucketDigest, DigestRecord } from './record-digest.js';
import type { ReconcileRange } from './reconcile-range.js';
import type { ReconciliationSummary } from './reconciliation.js';

/** Record digests of one side a reconciliation compares with (the hub, or public security's copy). */
export interface RecordDigests {
  buckets(domain: string, range: ReconcileRange): Promise<Map<string, BucketDigest>>;
  records(domain: string, bucket: string): Promise<DigestRecord[]>;
}

/** What a reconciliation asks of the hub (an interface so specs can stand in for it). */
export interface HubDigests extends RecordDigests {
  report(summary: ReconciliationSummary): Promise<void>;
}

/** Who answers the digests, for error messages, and what every request adds to its query. */
export interface DigestsPeer {
  /** E.g. "The hub", "Public security's adapter". */
  readonly name: string;
  /** The setting that names its address, e.g. HUB_URL. */
  readonly urlSetting: string;
  readonly query?: Readonly<Record<string, string>>;
}

/** The hub refused or could not be asked; `status` is the HTTP status when it answered. */
export class HubRequestError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/**
 * Record digests over HTTP, with an API key (`GET /v1/records/digests…`): the hub's, or public
 * security's adapter's, which answers the same shape for the bureau's permits it holds.
 */
export class HttpRecordDigests implements RecordDigests {
  constructor(
    protected readonly baseUrl: string,
    private readonly apiKey: string,
    private readonly peer: DigestsPeer = { name: 'The hub', urlSetting: 'HUB_URL' },
  ) {}

  async buckets(domain: string, range: ReconcileRange): Promise<Map<string, BucketDigest>> {
    const buckets = new Map<string, BucketDigest>();
    let after: string | undefined;
    do {
      const page = await this.get<{ buckets: { region: string; month: string; count: number; hash: string }[]; next?: string }>(
        '/v1/records/digests',
        { ...this.peer.query, domain, limit: '5000', ...range, ...(after ? { after } : {}) },
      );
      for (const b of page.buckets) buckets.set(`${b.region}:${b.month}`, { count: b.count, hash: b.hash });
      after = page.next;
    } while (after);
    return buckets;
  }

  async records(domain: string, bucket: string): Promise<DigestRecord[]> {
    const [region = '', month = ''] = bucket.split(':');
    const records: DigestRecord[] = [];
    let after: string | undefined;
    do {
      const page = await this.get<{ records: { recordId: string; version: number }[]; next?: string }>(
        `/v1/records/digests/${encodeURIComponent(region)}/${encodeURIComponent(month)}`,
        { ...this.peer.query, domain, limit: '5000', ...(after ? { after } : {}) },
      );
      for (const r of page.records) records.push({ ...r, region, month });
      after = page.next;
    } while (after);
    return records;
  }

  protected async get<T>(path: string, query: Record<string, string>): Promise<T> {
    return (await this.call('GET', `${path}?${new URLSearchParams(query).toString()}`)) as T;
  }

  protected async call(method: string, path: string, body?: unknown): Promise<unknown> {
    const url = `${this.baseUrl.replace(/\/$/, '')}${path}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: { authorization: `Bearer ${this.apiKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(60_000),
      });
    } catch (error) {
      throw new HubRequestError(
        `${this.peer.name} at ${this.baseUrl} could not be reached (${(error as Error).message}); check ${this.peer.urlSetting} and the network.`,
      );
    }
    const answer: unknown = await response.json().catch(() => undefined);
    if (!response.ok) {
      const { code, message, issues } = (answer ?? {}) as { code?: string; message?: string; issues?: { path: string; rule: string }[] };
      const detail = issues?.map((i) => `${i.path} (${i.rule})`).join(', ');
      throw new HubRequestError(
        `${this.peer.name} answered ${method} ${path.split('?')[0]} with ${response.status} ${code ?? ''}: ${message ?? response.statusText}${detail ? ` [${detail}]` : ''}`,
        response.status,
      );
    }
    return answer;
  }
}

/** The hub's record digests, and where a reconciliation's summary goes (`POST /v1/reconciliations`). */
export class HttpHubDigests extends HttpRecordDigests implements HubDigests {
  async report(summary: ReconciliationSummary): Promise<void> {
    await this.call('POST', '/v1/reconciliations', summary);
  }
}

/** Public security's copy of the bureau's permits (`agency` = the bureau; its adapter refuses another's). */
export function psbDigests(url: string, apiKey: string, bureau: string): HttpRecordDigests {
  return new HttpRecordDigests(url, apiKey, {
    name: 'Public security’s adapter',
    urlSetting: 'PSB_RECONCILE_URL',
    query: { agency: bureau },
  });
}
