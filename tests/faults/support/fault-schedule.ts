import { CANONICAL_TOPICS } from '@hub/contracts';
import type { FaultEndpoint } from './fault-endpoint.js';
import type { HubRig, Role } from './hub-rig.js';
import type { KafkaCluster } from './kafka-cluster.js';
import { SeededRandom } from './seeded-random.js';

/** Faults of the hub's processes and of a subscriber's endpoint: any broker. */
export const PROCESS_FAULTS = [
  'kill-api',
  'kill-relay',
  'kill-dispatch',
  'kill-audit',
  'kill-psb-adapter',
  'scale-psb-adapter',
  'webhook-failing',
  'webhook-slow',
  'webhook-down',
] as const;

/** Faults of the three-node cluster and the network in front of it. */
export const CLUSTER_FAULTS = [
  'kill-partition-leader',
  'kill-controller',
  'restart-broker',
  'pause-broker',
  'proxy-delay',
  'proxy-cut',
  'proxy-blackhole',
] as const;

/** Faults of a PostgreSQL server the run has to itself (the full run's embedded one). */
export const DATABASE_FAULTS = ['restart-postgres'] as const;

type ClusterFault = (typeof CLUSTER_FAULTS)[number];
export type FaultKind = (typeof PROCESS_FAULTS)[number] | ClusterFault | (typeof DATABASE_FAULTS)[number];

/** How long the adapters run three strong before going back to one: long enough for two rebalances and work in between. */
const SCALED_OUT_MS = 20_000;

/** Longer than a broker's session (broker.session.timeout.ms, 9 s): the controller fences the paused broker. */
const PAUSE_MS = 12_000;

/** One fault as planned (offset from the start of the run, how long it lasts) and as it happened. */
export interface Fault {
  readonly kind: FaultKind;
  readonly atMs: number;
  readonly holdMs: number;
  /** The node a broker or proxy fault hits when the kind does not choose it (leader, controller). */
  node: number;
  startedAt?: number;
  /** When the fault was lifted: the process answered its health check again, the endpoint answered again. */
  endedAt?: number;
}

/**
 * `count` faults at seeded random moments within `windowMs`, at least `gapMs` apart, every kind
 * once before any repeats (so a short run still covers each hop).
 */
export function planFaults(seed: number, count: number, windowMs: number, gapMs: number, among: readonly FaultKind[]): Fault[] {
  const random = new SeededRandom(seed);
  const kinds: FaultKind[] = [];
  while (kinds.length < count) {
    const round = [...among].sort(() => random.next() - 0.5);
    kinds.push(...round.slice(0, count - kinds.length));
  }
  const slot = windowMs / count;
  return kinds.map((kind, i) => ({
    kind,
    atMs: Math.round(i * slot + random.next() * Math.max(0, slot - gapMs)),
    holdMs: kind === 'pause-broker' ? PAUSE_MS : kind === 'scale-psb-adapter' ? SCALED_OUT_MS : random.between(1_000, 4_000),
    node: random.between(0, 2),
  }));
}

/** What faults act on; `cluster` and `database` only in the full run. */
export interface FaultTargets {
  readonly rig: HubRig;
  readonly endpoint: FaultEndpoint;
  readonly cluster?: KafkaCluster;
  /** The run's own PostgreSQL server: stopped (fast shutdown: every connection cut), down `holdMs`, started again. */
  readonly database?: { stop(): Promise<void>; start(): Promise<void> };
}

/**
 * Injects the planned faults one after another at their moments: a kill is SIGKILL, then the
 * process stays down `holdMs` and is started again; the other faults last `holdMs`. Resolves when
 * the last fault has been lifted.
 */
export async function injectFaults(faults: readonly Fault[], targets: FaultTargets, startedAt: number): Promise<void> {
  for (const fault of faults) {
    const wait = startedAt + fault.atMs - Date.now();
    if (wait > 0) await sleep(wait);
    fault.startedAt = Date.now();
    await inject(fault, targets);
    fault.endedAt = Date.now();
  }
}

async function inject(fault: Fault, { rig, endpoint, cluster, database }: FaultTargets): Promise<void> {
  const kind = fault.kind;
  if (kind === 'scale-psb-adapter') {
    await rig.scaleAdapters(3);
    await sleep(fault.holdMs);
    await rig.scaleAdapters(1);
    return;
  }
  if (kind === 'restart-postgres') {
    if (!database) throw new Error("restart-postgres needs a PostgreSQL server of the run's own");
    await database.stop();
    await sleep(fault.holdMs);
    await database.start();
    return;
  }
  if (kind.startsWith('kill-') && (PROCESS_FAULTS as readonly string[]).includes(kind)) {
    const role = kind.slice('kill-'.length) as Role;
    await rig.kill(role);
    await sleep(fault.holdMs);
    await rig.startRole(role);
    return;
  }
  if (kind === 'webhook-failing' || kind === 'webhook-slow' || kind === 'webhook-down') {
    endpoint.mode = kind === 'webhook-failing' ? 'failing' : kind === 'webhook-slow' ? 'slow' : 'down';
    await sleep(fault.holdMs);
    endpoint.mode = 'ok';
    return;
  }
  if (!cluster || !isClusterFault(kind)) throw new Error(`${kind} needs the three-node cluster`);
  await injectClusterFault(fault, kind, cluster);
}

function isClusterFault(kind: FaultKind): kind is ClusterFault {
  return (CLUSTER_FAULTS as readonly string[]).includes(kind);
}

async function injectClusterFault(fault: Fault, kind: ClusterFault, cluster: KafkaCluster): Promise<void> {
  const proxy = cluster.proxies[fault.node];
  switch (kind) {
    case 'kill-partition-leader':
    case 'kill-controller': {
      fault.node = kind === 'kill-controller' ? cluster.activeController() : await cluster.leaderOf(CANONICAL_TOPICS.workPermit);
      await cluster.kill(fault.node);
      await sleep(fault.holdMs);
      await cluster.restart(fault.node);
      return;
    }
    case 'restart-broker':
      await cluster.bounce(fault.node);
      return;
    case 'pause-broker':
      cluster.signal(fault.node, 'SIGSTOP');
      await sleep(fault.holdMs);
      cluster.signal(fault.node, 'SIGCONT');
      return;
    case 'proxy-delay':
    case 'proxy-blackhole':
      if (proxy) proxy.mode = kind === 'proxy-delay' ? { kind: 'delay', ms: 300 } : { kind: 'blackhole' };
      await sleep(fault.holdMs);
      if (proxy) {
        // Connections that lost bytes in the black hole are useless: reset them so clients reconnect.
        if (kind === 'proxy-blackhole') proxy.cut();
        proxy.mode = { kind: 'pass' };
      }
      return;
    case 'proxy-cut':
      proxy?.cut();
      return;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
