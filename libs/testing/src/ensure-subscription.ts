/** A subscription request as `POST /v1/subscriptions` takes it; the name identifies it among the agency's own. */
export interface SubscriptionRequest {
  readonly name: string;
  readonly eventTypes: readonly { readonly type: string; readonly version?: number }[];
  readonly channels: { readonly kafka?: boolean };
  readonly [field: string]: unknown;
}

/**
 * The agency's subscription named `request.name`, made with the agency's own API key unless it
 * already has one by that name (active or paused). `created` says whether it is new: every event
 * the hub accepts after the subscription was committed is routed to it. For demos, benchmarks and tests.
 */
export async function ensureSubscription(
  hubUrl: string,
  apiKey: string,
  request: SubscriptionRequest,
): Promise<{ readonly id: string; readonly created: boolean }> {
  const call = async (method: string, body?: unknown): Promise<Record<string, unknown>> => {
    const response = await fetch(`${hubUrl}/v1/subscriptions`, {
      method,
      headers: { authorization: `Bearer ${apiKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const answer = (await response.json()) as Record<string, unknown>;
    if (!response.ok) throw new Error(`${method} /v1/subscriptions answered ${response.status}: ${JSON.stringify(answer)}`);
    return answer;
  };
  const mine = (await call('GET'))['subscriptions'] as { id: string; name: string; status: string }[];
  const existing = mine.find((subscription) => subscription.name === request.name && subscription.status !== 'deleted');
  if (existing) return { id: existing.id, created: false };
  return { id: String((await call('POST', request))['id']), created: true };
}
