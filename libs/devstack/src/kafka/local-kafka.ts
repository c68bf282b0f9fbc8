import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../repo-root.js';
import { ensureKafkaJars } from './kafka-jars.js';
import { waitForKafka, type ReadinessProbeSecurity } from './wait-for-kafka.js';

/** Where and how one local broker runs. */
export interface LocalKafkaOptions {
  /** Folder for this broker's data, config and logs (created if missing). */
  readonly workDir: string;
  /** Client port on 127.0.0.1. */
  readonly brokerPort: number;
  /** KRaft controller port on 127.0.0.1. */
  readonly controllerPort: number;
  /** JVM heap in MB. */
  readonly heapMb?: number;
  /** Wipe the data folder before the first start. */
  readonly fresh?: boolean;
  /**
   * Wipe the data folder when it was formatted for other SCRAM users (or without SCRAM) instead of
   * refusing to start: for a local development broker whose topics can be made again.
   */
  readonly reformatIfIncompatible?: boolean;
  /** Process whose death stops the broker (defaults to this process). */
  readonly ownerPid?: number;
  /**
   * SASL_SSL with SCRAM-SHA-512 and KRaft ACLs: the only way clients reach the broker. The users
   * listed get SCRAM credentials when storage is formatted, so changing them needs `fresh: true`;
   * super users (the hub) then create or delete others at run time (AlterUserScramCredentials).
   */
  readonly security: LocalKafkaSecurity;
  /** Makes this broker one node of a local KRaft cluster (docker/kafka-local/cluster-node.properties.template). */
  readonly cluster?: LocalKafkaClusterNode;
}

/** One node of a local multi-node cluster: every node gets the same cluster id, broker password and voters. */
export interface LocalKafkaClusterNode {
  readonly nodeId: number;
  /** The cluster's id (`kafka-storage random-uuid` form), the same on every node. */
  readonly clusterId: string;
  /** The brokers' own SCRAM and controller password, the same on every node. */
  readonly brokerPassword: string;
  /** `id@127.0.0.1:controllerPort,…` of every node. */
  readonly controllerVoters: string;
  /** The port clients are told to reach this node on (a proxy in front of brokerPort, or brokerPort itself). */
  readonly advertisedPort: number;
}

/** Authentication, authorization and TLS for a LocalKafka broker. */
export interface LocalKafkaSecurity {
  /** The broker's TLS identity (PEM): its certificate chain (the certificate first) and unencrypted PKCS#8 key. */
  readonly tls: { readonly certificateChainPem: string; readonly privateKeyPem: string; readonly caCertificatePem: string };
  readonly scram: {
    /** SCRAM-SHA-512 users; each name is also the user's ACL principal (`User:<name>`). */
    readonly users: readonly ScramUser[];
    /** Users that bypass ACLs (e.g. the hub). Everyone else gets only what ACLs grant. */
    readonly superUsers?: readonly string[];
  };
  /**
   * How long a SASL session lasts before the client must re-authenticate (KIP-368); a deleted
   * credential stops a connection already open within this time. Default 10 s.
   */
  readonly reauthMs?: number;
}

export interface ScramUser {
  readonly name: string;
  readonly password: string;
}

/** Client SASL settings for kafkajs (`new Kafka({ sasl })`). */
export interface ScramSasl {
  readonly mechanism: 'scram-sha-512';
  readonly username: string;
  readonly password: string;
}

/** The broker's own user: inter-broker and broker-to-controller traffic. Always a super user. */
const BROKER_USER = 'broker';
/** Names the SCRAM format argument, the JAAS options and `super.users` all take without quoting. */
const SCRAM_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/**
 * A real single-node Apache Kafka (KRaft, combined broker + controller) run from the official
 * jars with the machine's Java. Used by `npm start`, the integration tests and the benchmark.
 * The JVM runs under `docker/kafka-local/run-broker.sh`, which stops it when its owner dies.
 */
export class LocalKafka {
  private supervisor: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  /** With `fresh`, data is wiped before the first start only; restarts keep it, like a real broker. */
  private formattedThisRun = false;

  constructor(private readonly options: LocalKafkaOptions) {}

  /** Bootstrap address for clients. */
  get brokers(): string[] {
    return [`127.0.0.1:${this.options.brokerPort}`];
  }

  /** kafkajs SASL settings for one of the `security.scram.users`. */
  sasl(user: string): ScramSasl {
    const found = this.options.security.scram.users.find((candidate) => candidate.name === user);
    if (!found) throw new Error(`LocalKafka has no SCRAM user ${user}`);
    return { mechanism: 'scram-sha-512', username: found.name, password: found.password };
  }

  /** The CA certificate (PEM) that clients trust to verify the broker. */
  get caCertificatePem(): string {
    return this.options.security.tls.caCertificatePem;
  }

  /** The CA certificate's file (written at start): what KAFKA_TLS_CA_FILE and kcat's ssl.ca.location take. */
  get caFile(): string {
    return join(this.options.workDir, 'tls/ca.pem');
  }

  get logFile(): string {
    return join(this.options.workDir, 'logs/server.log');
  }

  /** Resolves the jars, formats storage on first use, starts the JVM and waits until it serves. */
  async start(): Promise<void> {
    if (this.supervisor) return;
    const jars = ensureKafkaJars();
    const { config, probe } = this.prepare(jars);
    const script = join(repoRoot(), 'docker/kafka-local/run-broker.sh');
    const child = spawn(
      'bash',
      [
        script,
        String(this.options.ownerPid ?? process.pid),
        jars,
        config,
        join(this.options.workDir, 'logs'),
        String(this.options.heapMb ?? 512),
      ],
      { stdio: 'ignore', detached: true },
    );
    child.unref();
    this.supervisor = child;
    this.exited = new Promise((resolve) =>
      child.once('exit', () => {
        // A broker that died (or was killed) can be started again.
        if (this.supervisor === child) this.supervisor = undefined;
        resolve();
      }),
    );
    try {
      await Promise.race([
        waitForKafka(this.brokers, undefined, probe),
        this.exited.then(() => {
          throw new Error(
            `The Kafka broker exited during start-up; see ${this.logFile} and ${join(this.options.workDir, 'logs/stdout.log')}`,
          );
        }),
      ]);
    } catch (error) {
      await this.stop();
      throw error;
    }
  }

  /** The broker JVM's process id while it runs (for fault tests that kill or pause it), found as the supervisor's java child. */
  brokerPid(): number | undefined {
    const supervisor = this.supervisor?.pid;
    if (supervisor === undefined) return undefined;
    const listed = spawnSync('ps', ['-o', 'pid=,comm=', '--ppid', String(supervisor)], { encoding: 'utf8' }).stdout ?? '';
    const line = listed.split('\n').find((entry) => entry.trim().endsWith(' java'));
    return line === undefined ? undefined : Number(line.trim().split(/\s+/)[0]);
  }

  /** Stops the broker cleanly (controlled shutdown), killing it if it hangs. Keeps its data. */
  async stop(): Promise<void> {
    const child = this.supervisor;
    if (!child) return;
    this.supervisor = undefined;
    // The supervisor is unref'd so that it never keeps its owner alive. While stopping it must: with
    // nothing else pending, Node would exit in the middle of this await with code 0, dropping the
    // caller's own exit code (Jest's, after failed tests, in global teardown).
    child.ref();
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await this.exited;
  }

  private prepare(jars: string): { config: string; probe: ReadinessProbeSecurity } {
    const { workDir, fresh, security } = this.options;
    const dataDir = join(workDir, 'data');
    if (fresh && existsSync(dataDir) && !this.formattedThisRun) rmSync(dataDir, { recursive: true, force: true });
    this.formattedThisRun = true;
    mkdirSync(join(workDir, 'logs'), { recursive: true });
    const template = readFileSync(join(repoRoot(), 'docker/kafka-local/server.properties.template'), 'utf8');
    const config = join(workDir, 'server.properties');
    let formatted = existsSync(join(dataDir, 'meta.properties'));
    if (formatted && this.options.reformatIfIncompatible && !this.compatible(checkedUsers(security))) {
      rmSync(dataDir, { recursive: true, force: true });
      formatted = false;
    }
    const base = template
      .replaceAll('{{brokerPort}}', String(this.options.brokerPort))
      .replaceAll('{{controllerPort}}', String(this.options.controllerPort))
      .replaceAll('{{dataDir}}', dataDir);
    const { keystore, truststore } = this.writeTls(security.tls);
    const users = checkedUsers(security);
    const cluster = this.options.cluster;
    const brokerPassword =
      cluster?.brokerPassword ?? (formatted ? this.storedBrokerPassword(users) : randomBytes(24).toString('base64url'));
    const superUsers = [BROKER_USER, ...(security.scram.superUsers ?? [])].map((name) => `User:${name}`).join(';');
    const overlay = readFileSync(join(repoRoot(), 'docker/kafka-local/sasl-scram.properties.template'), 'utf8')
      .replaceAll('{{brokerPort}}', String(this.options.brokerPort))
      .replaceAll('{{controllerPort}}', String(this.options.controllerPort))
      .replaceAll('{{brokerUser}}', BROKER_USER)
      .replaceAll('{{brokerPassword}}', brokerPassword)
      .replaceAll('{{superUsers}}', superUsers)
      .replaceAll('{{keystore}}', keystore)
      .replaceAll('{{truststore}}', truststore)
      .replaceAll('{{reauthMs}}', String(security.reauthMs ?? 10_000));
    const secured = overlayProperties(base, overlay);
    // The file holds the broker's password.
    writeFileSync(config, cluster ? overlayProperties(secured, clusterOverlay(cluster)) : secured, { mode: 0o600 });
    chmodSync(config, 0o600);
    if (!formatted) {
      const all = [{ name: BROKER_USER, password: brokerPassword }, ...users];
      this.format(
        jars,
        config,
        cluster?.clusterId ?? clusterId(),
        all.flatMap((user) => ['--add-scram', `SCRAM-SHA-512=[name=${user.name},password=${user.password}]`]),
      );
      const stamp: SecurityStamp = { brokerPassword, users: usersFingerprint(users) };
      writeFileSync(this.securityStampFile, JSON.stringify(stamp), { mode: 0o600 });
    }
    return {
      config,
      probe: {
        sasl: { mechanism: 'scram-sha-512', username: BROKER_USER, password: brokerPassword },
        ssl: { ca: [security.tls.caCertificatePem] },
      },
    };
  }

  /** Writes the broker's PEM key store (key, then chain; mode 600) and the CA file clients and the broker trust. */
  private writeTls(tls: LocalKafkaSecurity['tls']): { keystore: string; truststore: string } {
    const dir = join(this.options.workDir, 'tls');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const keystore = join(dir, 'broker-keystore.pem');
    writeFileSync(keystore, `${tls.privateKeyPem.trim()}\n${tls.certificateChainPem.trim()}\n`, { mode: 0o600 });
    chmodSync(keystore, 0o600);
    writeFileSync(this.caFile, `${tls.caCertificatePem.trim()}\n`);
    return { keystore, truststore: this.caFile };
  }

  private get securityStampFile(): string {
    return join(this.options.workDir, 'scram-format.json');
  }

  private compatible(users: readonly ScramUser[]): boolean {
    try {
      this.storedBrokerPassword(users);
      return true;
    } catch {
      return false;
    }
  }

  /** The broker password written at format time; refuses data formatted for other SCRAM users. */
  private storedBrokerPassword(users: readonly ScramUser[]): string {
    const hint = `Start it with \`fresh: true\` to format it again.`;
    if (!existsSync(this.securityStampFile)) {
      throw new Error(`The Kafka data in ${this.options.workDir} was formatted without SCRAM users. ${hint}`);
    }
    const stamp = JSON.parse(readFileSync(this.securityStampFile, 'utf8')) as SecurityStamp;
    if (stamp.users !== usersFingerprint(users)) {
      throw new Error(`The Kafka data in ${this.options.workDir} was formatted with other SCRAM users or passwords. ${hint}`);
    }
    return stamp.brokerPassword;
  }

  private format(jars: string, config: string, id: string, extraArgs: readonly string[]): void {
    const java = process.env['JAVA_HOME'] ? join(process.env['JAVA_HOME'], 'bin/java') : 'java';
    const result = spawnSync(java, ['-cp', `${jars}/*`, 'kafka.tools.StorageTool', 'format', '-t', id, '-c', config, ...extraArgs], {
      encoding: 'utf8',
    });
    if (result.error) throw new Error(`Cannot run Java to format Kafka storage (${result.error.message}). Install Java 17.`);
    if (result.status !== 0) throw new Error(`Formatting Kafka storage failed (exit ${result.status}): ${result.stderr}${result.stdout}`);
  }
}

/** What was formatted into the SCRAM-enabled data folder, kept beside it (mode 600). */
interface SecurityStamp {
  readonly brokerPassword: string;
  readonly users: string;
}

function checkedUsers(security: LocalKafkaSecurity): readonly ScramUser[] {
  const { users, superUsers = [] } = security.scram;
  const names = new Set<string>();
  for (const { name, password } of users) {
    if (!SCRAM_NAME.test(name)) throw new Error(`SCRAM user name ${JSON.stringify(name)} must match ${String(SCRAM_NAME)}`);
    if (name === BROKER_USER) throw new Error(`SCRAM user name ${BROKER_USER} is reserved for the broker itself`);
    if (names.has(name)) throw new Error(`SCRAM user ${name} is listed twice`);
    // kafka-storage splits the --add-scram value on commas and trims it.
    if (password.length === 0 || password.includes(',') || password.trim() !== password) {
      throw new Error(`The password of SCRAM user ${name} must be non-empty, without commas or surrounding spaces`);
    }
    names.add(name);
  }
  for (const name of superUsers) {
    if (!names.has(name)) throw new Error(`Super user ${name} is not one of the SCRAM users`);
  }
  return users;
}

function usersFingerprint(users: readonly ScramUser[]): string {
  const sorted = [...users].sort((a, b) => a.name.localeCompare(b.name)).map(({ name, password }) => [name, password]);
  return createHash('sha256').update(JSON.stringify(sorted)).digest('hex');
}

/**
 * `base` with every key that `overlay` sets replaced in place, and the overlay's other keys
 * appended, so the written file names each key once. Comments in the overlay are dropped.
 */
function overlayProperties(base: string, overlay: string): string {
  const entries = new Map<string, string>();
  for (const line of overlay.split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    entries.set(trimmed.slice(0, trimmed.indexOf('=')).trim(), trimmed);
  }
  const replaced = base.split('\n').map((line) => {
    const key = line.trim().startsWith('#') ? undefined : line.slice(0, Math.max(0, line.indexOf('='))).trim();
    const entry = key ? entries.get(key) : undefined;
    if (entry === undefined || key === undefined) return line;
    entries.delete(key);
    return entry;
  });
  const appended = [...entries.values()];
  return `${replaced.join('\n').trimEnd()}\n\n# SASL/SCRAM and ACLs (docker/kafka-local/sasl-scram.properties.template)\n${appended.join('\n')}\n`;
}

/** The cluster-node overlay with this node's settings filled in. */
function clusterOverlay(cluster: LocalKafkaClusterNode): string {
  return readFileSync(join(repoRoot(), 'docker/kafka-local/cluster-node.properties.template'), 'utf8')
    .replaceAll('{{nodeId}}', String(cluster.nodeId))
    .replaceAll('{{controllerVoters}}', cluster.controllerVoters)
    .replaceAll('{{advertisedPort}}', String(cluster.advertisedPort));
}

/** A Kafka cluster id: 16 random bytes in URL-safe base64, not starting with '-' (Kafka's rule). */
export function clusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}
