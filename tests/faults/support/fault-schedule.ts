import type { FaultEndpoint } from './fault-endpoint.js';
import type { HubRig, Role } from './hub-rig.js';
import { SeededRandom } from './seeded-random.js';

/** The faults a run can inject. */
export const FAULT_KINDS = [
  'kill-api',
  'kill-relay',
  'kill-dispatch',
  'kill-audit',
  'kill-psb-adapter',
  'webhook-failing',
  'webhook-slow',
  'webhook-down',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** One fault as planned (offset from the start of the run, how long it lasts) and as it happened. */
export interface Fault {
  readonly kind: FaultKind;
  readonly atMs: number;
  readonly holdMs: number;
  startedAt?: number;
  /** When the fault was lifted: the process answered its health check again, the endpoint answered again. */
  endedAt?: number;
}

/**
 * `count` faults at seeded random moments within `windowMs`, at least `gapMs` apart, every kind
 * once before any repeats (so a short run still covers each hop).
 */
export function planFaults(seed: number, count: number, windowMs: number, gapMs: number): Fault[] {
  const random = new SeededRandom(seed);
  const kinds: FaultKind[] = [];
  while (kinds.length < count) {
    const round = [...FAULT_KINDS].sort(() => random.next() - 0.5);
    kinds.push(...round.slice(0, count - kinds.length));
  }
  const slot = windowMs / count;
  return kinds.map((kind, i) => ({
    kind,
    atMs: Math.round(i * slot + random.next() * Math.max(0, slot - gapMs)),
    holdMs: random.between(1_000, 4_000),
  }));
}

/**
 * Injects the planned faults one after another at their moments: a kill is SIGKILL, then the role
 * stays down `holdMs` and is started again; an endpoint fault lasts `holdMs`. Resolves when the
 * last fault has been lifted.
 */
export async function injectFaults(faults: readonly Fault[], rig: HubRig, endpoint: FaultEndpoint, startedAt: number): Promise<void> {
  for (const fault of faults) {
    const wait = startedAt + fault.atMs - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    fault.startedAt = Date.now();
    if (fault.kind.startsWith('kill-')) {
      const role = fault.kind.slice('kill-'.length) as Role;
      await rig.kill(role);
      await new Promise((resolve) => setTimeout(resolve, fault.holdMs));
      await rig.startRole(role);
    } else {
      endpoint.mode = fault.kind === 'webhook-failing' ? 'failing' : fault.kind === 'webhook-slow' ? 'slow' : 'down';
      await new Promise((resolve) => setTimeout(resolve, fault.holdMs));
      endpoint.mode = 'ok';
    }
    fault.endedAt = Date.now();
  }
}
