/** An answer of the console API as a test reads it. */
export interface ConsoleAnswer {
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly headers: Headers;
}

/** A signed-in console operator over HTTP (cookie and CSRF token), for the console's tests. */
export class ConsoleClient {
  private constructor(
    private readonly url: string,
    readonly cookie: string,
    readonly csrf: string,
  ) {}

  static async logIn(url: string, username: string, password: string): Promise<ConsoleClient> {
    const response = await fetch(`${url}/console/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    if (response.status !== 200) throw new Error(`login of ${username} answered ${response.status}: ${await response.text()}`);
    const { csrfToken } = (await response.json()) as { csrfToken: string };
    return new ConsoleClient(url, (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '', csrfToken);
  }

  get(path: string, headers: Record<string, string> = {}): Promise<ConsoleAnswer> {
    return this.send('GET', path, undefined, headers);
  }

  /** A change, with the CSRF token unless `csrf` is false. */
  post(path: string, body: unknown = {}, options: { csrf?: boolean } = {}): Promise<ConsoleAnswer> {
    return this.send('POST', path, body, options.csrf === false ? {} : { 'x-csrf-token': this.csrf });
  }

  private async send(method: string, path: string, body: unknown, headers: Record<string, string>): Promise<ConsoleAnswer> {
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers: { cookie: this.cookie, ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    const parsed = text.startsWith('{') || text.startsWith('[') ? (JSON.parse(text) as Record<string, unknown>) : { text };
    return { status: response.status, body: parsed, headers: response.headers };
  }
}

/** Makes a console account through the admin API. */
export async function addConsoleOperator(
  url: string,
  adminToken: string,
  operator: { username: string; role: 'viewer' | 'operator' | 'auditor'; password: string },
): Promise<void> {
  const response = await fetch(`${url}/v1/admin/console-operators`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ ...operator, displayName: operator.username }),
  });
  if (response.status !== 201) throw new Error(`making ${operator.username} answered ${response.status}: ${await response.text()}`);
}
