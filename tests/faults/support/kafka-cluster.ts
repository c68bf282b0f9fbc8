import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { clusterId, LocalKafka, repoRoot } from '@hub/devstack';
import { testBrokerSecurity, testKafkaClient } from '@hub/testing';
import { TcpProxy } from './tcp-proxy.js';

/** Ports of one node: where it listens, where its controller listens, and the proxy clients reach it through. */
interface NodePorts {
  readonly broker: number;
  readonly controller: number;
  readonly proxy: number;
}

/** The fault suite's ports: proxies on 38094–38096 (38092–38093 are the shared test broker's), brokers on 48092–48094, controllers on 48095–48097. */
export const CLUSTER_PORTS: readonly NodePorts[] = [1, 2, 3].map((n) => ({ broker: 48091 + n, controller: 48094 + n, proxy: 38093 + n }));

/**
 * A three-node KRaft cluster (every node broker and controller) from the official jars, run by
 * LocalKafka like the single test broker, with the same TLS identity and SCRAM users, replication
 * factor 3, min.insync.replicas=2 and unclean leader election off; each node behind a TcpProxy.
 */
export class KafkaCluster {
  readonly nodes: LocalKafka[];
  readonly proxies: TcpProxy[];

  constructor(private readonly workDir = join(repoRoot(), '.cache/test/faults-cluster')) {
    const id = clusterId();
    const brokerPassword = randomBytes(24).toString('base64url');
    const controllerVoters = CLUSTER_PORTS.map((ports, i) => `${i + 1}@127.0.0.1:${ports.controller}`).join(',');
    this.proxies = CLUSTER_PORTS.map((ports) => new TcpProxy(ports.proxy, ports.broker));
    this.nodes = CLUSTER_PORTS.map(
      (ports, i) =>
        new LocalKafka({
          workDir: join(this.workDir, `node-${i + 1}`),
          brokerPort: ports.broker,
          controllerPort: ports.controller,
          fresh: true,
          heapMb: 384,
          security: testBrokerSecurity(),
          cluster: { nodeId: i + 1, clusterId: id, brokerPassword, controllerVoters, advertisedPort: ports.proxy },
        }),
    );
  }

  /** Bootstrap addresses: the proxies. */
  get brokers(): string[] {
    return CLUSTER_PORTS.map((ports) => `127.0.0.1:${ports.proxy}`);
  }

  /** Starts the proxies, then the three nodes together (a lone node cannot elect a controller). */
  async start(): Promise<void> {
    for (const proxy of this.proxies) await proxy.start();
    await Promise.all(this.nodes.map((node) => node.start()));
  }

  async stop(): Promise<void> {
    await Promise.all(this.nodes.map((node) => node.stop()));
    for (const proxy of this.proxies) await proxy.stop();
  }

  /** kill -9 of node `index`'s JVM (a crash: no controlled shutdown). */
  async kill(index: number): Promise<void> {
    const pid = this.node(index).brokerPid();
    if (pid === undefined) throw new Error(`node ${index + 1} is not running`);
    process.kill(pid, 'SIGKILL');
    await waitFor(() => this.node(index).brokerPid() === undefined, 20_000);
  }

  /** Starts node `index` again on its data (after a kill or a stop); resolves once it serves. */
  async restart(index: number): Promise<void> {
    await this.node(index).start();
  }

  /** A clean stop (controlled shutdown), then a start. */
  async bounce(index: number): Promise<void> {
    await this.node(index).stop();
    await this.node(index).start();
  }

  /** SIGSTOP (a long GC pause) or SIGCONT of node `index`'s JVM. */
  signal(index: number, signal: 'SIGSTOP' | 'SIGCONT'): void {
    const pid = this.node(index).brokerPid();
    if (pid !== undefined) process.kill(pid, signal);
  }

  /** The node leading `topic`'s partition 0. */
  async leaderOf(topic: string): Promise<number> {
    const admin = testKafkaClient('faults-cluster-admin', { brokers: this.brokers }).admin();
    await admin.connect();
    try {
      const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
      const leader = metadata.topics[0]?.partitions.find((partition) => partition.partitionId === 0)?.leader;
      if (leader === undefined || leader < 1) throw new Error(`${topic} has no leader`);
      return leader - 1;
    } finally {
      await admin.disconnect();
    }
  }

  /** The active controller: the leader in the freshest quorum state the nodes keep on disk. */
  activeController(): number {
    let best = { epoch: -1, leader: 1 };
    for (const [i] of this.nodes.entries()) {
      const file = join(this.workDir, `node-${i + 1}`, 'data/__cluster_metadata-0/quorum-state');
      if (!existsSync(file)) continue;
      const state = JSON.parse(readFileSync(file, 'utf8')) as { leaderId?: number; leaderEpoch?: number };
      if ((state.leaderEpoch ?? -1) > best.epoch && (state.leaderId ?? -1) > 0)
        best = { epoch: state.leaderEpoch ?? -1, leader: state.leaderId ?? 1 };
    }
    return best.leader - 1;
  }

  private node(index: number): LocalKafka {
    const node = this.nodes[index];
    if (!node) throw new Error(`no node ${index + 1}`);
    return node;
  }
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
