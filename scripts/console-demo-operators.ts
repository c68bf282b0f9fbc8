/** A console account made for a local run, with the password generated for this run. */
export interface DemoOperator {
  readonly username: string;
  readonly role: 'operator' | 'viewer';
  readonly password: string;
}

const DEMO_OPERATORS = [
  { username: 'demo-operator', displayName: '演示运维员', role: 'operator' },
  { username: 'demo-viewer', displayName: '演示查看员', role: 'viewer' },
] as const;

/**
 * Makes the local run's two console accounts through the admin API (an operator and a viewer), each
 * with a password the hub generates; on a database kept from an earlier run, their passwords are
 * reset instead, so the banner always shows passwords that work.
 */
export async function ensureDemoOperators(hubUrl: string, adminToken: string): Promise<DemoOperator[]> {
  const headers = { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json', 'x-admin-id': 'local-start' };
  const made: DemoOperator[] = [];
  for (const operator of DEMO_OPERATORS) {
    let response = await fetch(`${hubUrl}/v1/admin/console-operators`, { method: 'POST', headers, body: JSON.stringify(operator) });
    if (response.status === 409) {
      response = await fetch(`${hubUrl}/v1/admin/console-operators/${operator.username}/password`, { method: 'POST', headers, body: '{}' });
    }
    if (!response.ok)
      throw new Error(`Could not make the console account ${operator.username}: ${response.status} ${await response.text()}`);
    const { generatedPassword } = (await response.json()) as { generatedPassword: string };
    made.push({ username: operator.username, role: operator.role, password: generatedPassword });
  }
  return made;
}
