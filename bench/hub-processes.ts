import type { BenchSettings } from './bench-settings.js';

/** The keys `peakRssMiB` reports the hub's processes under; a group with several processes reports its largest. */
export type HubProcessGroup = 'hubApi' | 'hubRelay' | 'hubDispatch';

/** One hub process the benchmark starts: its name (log file, report), group, roles and health port. */
export interface HubProcess {
  readonly name: string;
  readonly group: HubProcessGroup;
  readonly roles: string;
  readonly port: number;
  readonly env: Readonly<Record<string, string>>;
}

export const HUB_API_PORT = 18080;

/**
 * The hub as deployed, one process per role set: the API (HUB_API_PROCESSES passed through, so a hub
 * that runs its API as several processes behind one port does so), `--relays` relay processes (the
 * first also seals the audit trail: one sealer is enough), and a dispatcher when asked for, or by
 * default while the hub still has a dispatch role (`knownRoles`, the hub's own HUB_ROLES list).
 */
export function hubProcessPlan(
  settings: Pick<BenchSettings, 'relays' | 'apiProcesses' | 'dispatcher'>,
  knownRoles: readonly string[],
): HubProcess[] {
  const api: HubProcess = {
    name: 'hub-api',
    group: 'hubApi',
    roles: 'api',
    port: HUB_API_PORT,
    env: { HUB_API_PROCESSES: String(settings.apiProcesses) },
  };
  const relays = Array.from({ length: settings.relays }, (_, n): HubProcess => ({
    name: settings.relays === 1 ? 'hub-relay' : `hub-relay-${n + 1}`,
    group: 'hubRelay',
    roles: n === 0 && knownRoles.includes('audit') ? 'relay,audit' : 'relay',
    port: n === 0 ? 18082 : 18090 + n,
    env: {},
  }));
  const dispatcher = settings.dispatcher === 'auto' ? knownRoles.includes('dispatch') : settings.dispatcher;
  const dispatch: HubProcess[] = dispatcher
    ? [{ name: 'hub-dispatch', group: 'hubDispatch', roles: 'dispatch', port: 18083, env: {} }]
    : [];
  return [api, ...relays, ...dispatch];
}
