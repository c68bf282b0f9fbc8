import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../repo-root.js';
import { ensureKafkaJars } from './kafka-jars.js';
import { waitForKafka } from './wait-for-kafka.js';

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
  /** Process whose death stops the broker (defaults to this process). */
  readonly ownerPid?: number;
}

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

  get logFile(): string {
    return join(this.options.workDir, 'logs/server.log');
  }

  /** Resolves the jars, formats storage on first use, starts the JVM and waits until it serves. */
  async start(): Promise<void> {
    if (this.supervisor) return;
    const jars = ensureKafkaJars();
    const config = this.prepare(jars);
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
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    try {
      await Promise.race([
        waitForKafka(this.brokers),
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

  /** Stops the broker cleanly (controlled shutdown), killing it if it hangs. Keeps its data. */
  async stop(): Promise<void> {
    const child = this.supervisor;
    if (!child) return;
    this.supervisor = undefined;
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await this.exited;
  }

  private prepare(jars: string): string {
    const { workDir, fresh } = this.options;
    const dataDir = join(workDir, 'data');
    if (fresh && existsSync(dataDir) && !this.formattedThisRun) rmSync(dataDir, { recursive: true, force: true });
    this.formattedThisRun = true;
    mkdirSync(join(workDir, 'logs'), { recursive: true });
    const template = readFileSync(join(repoRoot(), 'docker/kafka-local/server.properties.template'), 'utf8');
    const config = join(workDir, 'server.properties');
    writeFileSync(
      config,
      template
        .replaceAll('{{brokerPort}}', String(this.options.brokerPort))
        .replaceAll('{{controllerPort}}', String(this.options.controllerPort))
        .replaceAll('{{dataDir}}', dataDir),
    );
    if (!existsSync(join(dataDir, 'meta.properties'))) this.format(jars, config);
    return config;
  }

  private format(jars: string, config: string): void {
    const java = process.env['JAVA_HOME'] ? join(process.env['JAVA_HOME'], 'bin/java') : 'java';
    const result = spawnSync(java, ['-cp', `${jars}/*`, 'kafka.tools.StorageTool', 'format', '-t', clusterId(), '-c', config], {
      encoding: 'utf8',
    });
    if (result.error) throw new Error(`Cannot run Java to format Kafka storage (${result.error.message}). Install Java 17.`);
    if (result.status !== 0) throw new Error(`Formatting Kafka storage failed (exit ${result.status}): ${result.stderr}${result.stdout}`);
  }
}

/** A Kafka cluster id: 16 random bytes in URL-safe base64, not starting with '-' (Kafka's rule). */
function clusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}
