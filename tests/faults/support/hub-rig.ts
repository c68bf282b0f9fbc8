import { join } from 'node:path';
import { repoRoot, startNodeService, type NodeService } from '@hub/devstack';
import { createTestDatabase } from '@hub/persistence';
import { TEST_DATABASE_SERVER_URL, testPsbAdapterEnvironment } from '@hub/testing';
import { freePort, startHubProcess, type HubProcess } from '../../support/hub-process.js';
import { kafkaPasswordOf, onboardTestAgencies, psbGroupId, PSB_AGENCY } from '../../support/running-apps.js';

/** The processes the fault schedule may kill: each hub role on its own, and public security's adapter. */
export const ROLES = ['api', 'relay', 'dispatch', 'audit', 'psb-adapter'] as const;
export type Role = (typeof ROLES)[number];

/** What each hub process is started with besides the test settings: quick webhook retries, so recovery is measured in seconds. */
const HUB_ENV: Readonly<Record<string, string>> = {
  WEBHOOK_BASE_DELAY_MS: '200',
  WEBHOOK_MAX_DELAY_MS: '2000',
  WEBHOOK_TIMEOUT_MS: '5000',
  PUBLISH_RATE_PER_SECOND: '20000',
  PUBLISH_BURST: '40000',
  REQUEST_RATE_PER_SECOND: '20000',
  REQUEST_BURST: '40000',
  RELAY_POLL_INTERVAL_MS: '200',
};

/**
 * The hub as deployed (every role a process of its own, on one database) and public security's
 * adapter (its own database), each started from the build as a child process so a fault can kill
 * it with SIGKILL and start it again on the same port and database.
 */
export class HubRig {
  private readonly processes = new Map<Role, NodeService>();
  /** Public security's adapters beyond the first (same group, same database) while scaled out. */
  private readonly extraAdapters: NodeService[] = [];
  private readonly ports = new Map<Role, number>();
  hubDatabaseUrl = '';
  psbDatabaseUrl = '';
  private readonly drops: (() => Promise<void>)[] = [];
  private psbPassword = '';
  private readonly psbGroup = psbGroupId('faults');

  constructor(
    private readonly run: string,
    private readonly kafkaBrokers?: readonly string[],
    /** The PostgreSQL server the hub's and the adapter's databases are made on (the full run's own, which it restarts). */
    private readonly databaseServerUrl = TEST_DATABASE_SERVER_URL,
  ) {}

  get hubUrl(): string {
    return `http://127.0.0.1:${this.ports.get('api') ?? 0}`;
  }

  get psbUrl(): string {
    return `http://127.0.0.1:${this.ports.get('psb-adapter') ?? 0}`;
  }

  /** Starts the API (which migrates), onboards the test agencies, then the other roles. The adapter starts with {@link startAdapter}. */
  async start(): Promise<void> {
    const hub = await createTestDatabase(this.databaseServerUrl, 'faults');
    const psb = await createTestDatabase(this.databaseServerUrl, 'faults_psb');
    this.drops.push(hub.drop, psb.drop);
    this.hubDatabaseUrl = hub.url;
    this.psbDatabaseUrl = psb.url;
    for (const role of ROLES) this.ports.set(role, await freePort());
    await this.startRole('api');
    await onboardTestAgencies(this.hubUrl);
    this.psbPassword = await kafkaPasswordOf(PSB_AGENCY, this.hubUrl);
    await Promise.all((['relay', 'dispatch', 'audit'] as const).map((role) => this.startRole(role)));
  }

  async startAdapter(): Promise<void> {
    await this.startRole('psb-adapter');
  }

  /**
   * Runs `count` adapters of public security in its one consumer group (each on a port of its own),
   * starting or stopping (gracefully, as a scale-down does) the ones beyond the first.
   */
  async scaleAdapters(count: number): Promise<void> {
    while (this.extraAdapters.length + 1 < count) {
      const index = this.extraAdapters.length + 2;
      const logFile = join(repoRoot(), `.cache/test/logs/faults-${this.run}-psb-adapter-${index}.log`);
      this.extraAdapters.push(await this.startPsbAdapter(await freePort(), logFile));
    }
    while (this.extraAdapters.length + 1 > Math.max(1, count)) await this.extraAdapters.pop()?.stop();
  }

  /** A crash: SIGKILL, no shutdown hooks. */
  async kill(role: Role): Promise<void> {
    await this.processes.get(role)?.kill();
    this.processes.delete(role);
  }

  /** Starts `role` (again) on its port and database; resolves once it answers its health check. */
  async startRole(role: Role): Promise<void> {
    const port = this.ports.get(role) ?? 0;
    const logFile = join(repoRoot(), `.cache/test/logs/faults-${this.run}-${role}.log`);
    if (role === 'psb-adapter') {
      this.processes.set(role, await this.startPsbAdapter(port, logFile));
      return;
    }
    const env = {
      ...HUB_ENV,
      HUB_ROLES: role,
      RUN_MIGRATIONS: role === 'api' ? 'true' : 'false',
      ...(this.kafkaBrokers ? { KAFKA_BROKERS: this.kafkaBrokers.join(','), TOPIC_REPLICATION_FACTOR: '3' } : {}),
    };
    const started: HubProcess = await startHubProcess({ databaseUrl: this.hubDatabaseUrl, port, logFile, env });
    this.processes.set(role, started.service);
  }

  private async startPsbAdapter(port: number, logFile: string): Promise<NodeService> {
    const env = {
      ...testPsbAdapterEnvironment({
        databaseUrl: this.psbDatabaseUrl,
        agencyId: PSB_AGENCY,
        kafkaPassword: this.psbPassword,
        groupId: this.psbGroup,
        brokers: this.kafkaBrokers,
      }),
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: String(port),
    };
    const service = startNodeService('psb-adapter', join(repoRoot(), 'dist/apps/psb-adapter/src/main.js'), env, logFile);
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline && service.process.exitCode === null) {
      const status = await fetch(`http://127.0.0.1:${port}/health/live`).then(
        (response) => response.status,
        () => 0,
      );
      if (status === 200) return service;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await service.kill();
    throw new Error(`the psb adapter did not answer /health/live within 90 s; see ${logFile}`);
  }

  async stop(): Promise<void> {
    await Promise.all([...this.processes.values(), ...this.extraAdapters.splice(0)].map((service) => service.stop()));
    this.processes.clear();
    for (const drop of this.drops) await drop().catch(() => undefined);
  }
}
