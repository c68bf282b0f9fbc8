import { spawnSync } from 'node:child_process';
import { stripVTControlCharacters } from 'node:util';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../repo-root.js';

/**
 * Makes sure the official Apache Kafka jars named in `docker/kafka-local/pom.xml` are in
 * `.cache/kafka/jars-<pom hash>/` and returns that folder. The first call asks Maven to resolve
 * them from Maven Central; later calls find the stamp file and return at once.
 */
export function ensureKafkaJars(): string {
  const root = repoRoot();
  const pom = join(root, 'docker/kafka-local/pom.xml');
  const hash = createHash('sha256').update(readFileSync(pom)).digest('hex').slice(0, 12);
  const dir = join(root, '.cache/kafka', `jars-${hash}`);
  const stamp = join(dir, '.complete');
  if (existsSync(stamp)) return dir;

  const result = spawnSync(
    'mvn',
    ['-B', '-q', '-f', pom, 'dependency:copy-dependencies', `-DoutputDirectory=${dir}`, '-DincludeScope=runtime'],
    // Captured, not inherited: Maven's console library writes colour resets even in quiet batch
    // mode, which would reach a log file or CI output as escape codes. Shown only on failure.
    { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  if (result.error) {
    throw new Error(
      `Cannot run Maven to fetch the Kafka jars (${result.error.message}). Install Maven and Java 17 (apt-get install maven openjdk-17-jre-headless).`,
    );
  }
  if (result.status !== 0) {
    const output = stripVTControlCharacters(`${result.stdout}${result.stderr}`).trim();
    throw new Error(`Maven could not resolve the Kafka jars from ${pom} (exit ${result.status}):\n${output}`);
  }
  writeFileSync(stamp, new Date().toISOString());
  return dir;
}
