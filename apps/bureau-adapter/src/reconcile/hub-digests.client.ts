import type { BucketDigest, DigestRecord } from './record-digest.js';
import type { ReconcileRange } from './reconcile-range.js';
import type { ReconciliationSummary } from './reconciliation.js';

/** What a reconciliation asks of the hub (an interface so specs can stand in for it). */
export interface HubDigests {
  buckets(domain: string, range: ReconcileRange): Promise<Map<string, BucketDigest>>;
  records(domain: string, bucket: string): Promise<DigestRecord[]>;
  report(summary: ReconciliationSummary): Promise<void>;
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

/** The hub's record digests over HTTP, with the agency's API key (`GET /v1/records/digests…`, `POST /v1/reconciliations`). */
export class HttpHubDigests implements HubDigests {
  constructor(
    private readonly hubUrl: string,
    private readonly apiKey: string,
  ) {}

  async buckets(domain: string, range: ReconcileRange): Promise<Map<string, BucketDigest>> {
    const buckets = new Map<string, BucketDigest>();
    let after: string | undefined;
    do {
      const page = await this.get<{ buckets: { region: string; month: string; count: number; hash: string }[]; next?: string }>(
        '/v1/records/digests',
        { domain, limit: '5000', ...range, ...(after ? { after } : {}) },
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
        { domain, limit: '5000', ...(after ? { after } : {}) },
      );
      for (const r of page.records) records.push({ ...r, region, month });
      after = page.next;
    } while (after);
    return records;
  }

  async report(summary: ReconciliationSummary): Promise<void> {
    await this.call('POST', '/v1/reconciliations', summary);
  }

  private async get<T>(path: string, query: Record<string, string>): Promise<T> {
    return (await this.call('GET', `${path}?${new URLSearchParams(query).toString()}`)) as T;
  }

  private async call(method: string, path: string, body?: unknown): Promise<unknown> {
    const url = `${this.hubUrl.replace(/\/$/, '')}${path}`;
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
        `The hub at ${this.hubUrl} could not be reached (${(error as Error).message}); check HUB_URL and the network.`,
      );
    }
    const answer: unknown = await response.json().catch(() => undefined);
    if (!response.ok) {
      const { code, message, issues } = (answer ?? {}) as { code?: string; message?: string; issues?: { path: string; rule: string }[] };
      const detail = issues?.map((i) => `${i.path} (${i.rule})`).join(', ');
      throw new HubRequestError(
        `The hub answered ${method} ${path.split('?')[0]} with ${response.status} ${code ?? ''}: ${message ?? response.statusText}${detail ? ` [${detail}]` : ''}`,
        response.status,
      );
    }
    return answer;
  }
}
