/** What the hub answered to a publish. */
export type HubAnswer =
  | { readonly kind: 'accepted' }
  /** Refused for the events' content or the agency's rights (4xx but 408, 425, 429): sending again cannot help. */
  | { readonly kind: 'refused'; readonly status: number; readonly problem: unknown }
  /** Not now (5xx, 408, 425, 429, network): send again later, after `retryAfterMs` when the hub says. */
  | { readonly kind: 'retry'; readonly reason: string; readonly retryAfterMs?: number };

const RETRIABLE_4XX = new Set([408, 425, 429]);

/** `POST /v1/events` at the hub with the linkage agency's API key. */
export class HubEventsClient {
  constructor(
    private readonly hubUrl: string,
    private readonly apiKey: string,
    private readonly timeoutMs = 30_000,
  ) {}

  async publish(events: readonly object[]): Promise<HubAnswer> {
    let response: Response;
    try {
      response = await fetch(`${this.hubUrl.replace(/\/$/, '')}/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${this.apiKey}` },
        body: JSON.stringify({ events }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      return { kind: 'retry', reason: `the hub cannot be reached: ${(error as Error).message}` };
    }
    const body: unknown = await response.json().catch(() => undefined);
    if (response.status === 202) return { kind: 'accepted' };
    if (response.status >= 400 && response.status < 500 && !RETRIABLE_4XX.has(response.status)) {
      return { kind: 'refused', status: response.status, problem: body ?? { status: response.status } };
    }
    const retryAfter = Number(response.headers.get('retry-after'));
    return {
      kind: 'retry',
      reason: `the hub answered ${response.status}${body ? `: ${JSON.stringify(body).slice(0, 300)}` : ''}`,
      ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterMs: retryAfter * 1000 } : {}),
    };
  }
}
