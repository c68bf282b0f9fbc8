import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AgencyIdentity } from '../agencies/index.js';
import { AdminConflictError, LiveSnapshot } from '../kernel/index.js';
import { AUDIT_SINK, type AuditSink } from '../audit/index.js';
import { HubConfig } from '../config/hub-config.js';
import type { CompiledPolicy, PublishDecision, SubscribeDecision } from './compiled-policy.js';
import {
  findPolicyVersion,
  insertPolicyVersion,
  latestPolicyVersion,
  listPolicyVersions,
  lockPolicyVersions,
  type PolicyVersionRecord,
  type PolicyVersionSummary,
} from './policy-versions.repository.js';
import { describeIssues, policySha256, readPolicy } from './read-policy.js';

/** Purpose tag of policy changes in the audit trail. */
export const POLICY_ADMINISTRATION = 'policy-administration';

interface PolicyInForce {
  readonly record: PolicyVersionRecord;
  readonly policy: CompiledPolicy;
}

/**
 * The sharing policy in force: the highest version in `policy_versions`. At start the policy file
 * (POLICY_FILE) is checked and stored as a new version if its version number is new; a PUT through
 * the admin API stores another. Every process holds the version in force in memory and reloads it
 * on each change (NOTIFY) and every REGISTRY_REFRESH_INTERVAL_MS.
 */
@Injectable()
export class PolicyService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(PolicyService.name);
  private readonly state: LiveSnapshot<PolicyInForce>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: HubConfig,
    @Inject(AUDIT_SINK) private readonly audit: AuditSink,
  ) {
    this.state = new LiveSnapshot({
      load: () => this.loadInForce(),
      channel: 'hub_policy',
      // The compiled policy follows from the stored version's document.
      fingerprint: ({ record }) => `${record.version}:${record.sha256}`,
      databaseUrl: config.DATABASE_URL,
      intervalMs: config.REGISTRY_REFRESH_INTERVAL_MS,
      logger: this.logger,
    });
  }

  async onModuleInit(): Promise<void> {
    await this.storePolicyFile();
    await this.state.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.state.stop();
  }

  /** Reloads; resolves when the version in force committed before the call is in memory. */
  refresh(): Promise<void> {
    return this.state.refresh();
  }

  /** The version in force, as stored. */
  current(): PolicyVersionRecord {
    return this.state.current.record;
  }

  history(): Promise<PolicyVersionSummary[]> {
    return listPolicyVersions(this.dataSource.manager);
  }

  mayPublish(agency: AgencyIdentity, eventType: string, region: string): PublishDecision {
    return this.state.current.policy.mayPublish(agency, eventType, region);
  }

  maySubscribe(agency: AgencyIdentity, eventType: string): SubscribeDecision {
    return this.state.current.policy.maySubscribe(agency, eventType);
  }

  /** The policy in force, for a decision that asks several questions of the same version. */
  compiled(): CompiledPolicy {
    return this.state.current.policy;
  }

  /**
   * Stores `document` as the new version in force, audited as `policy.changed`. Throws
   * AdminInputInvalidError (paths under `document`) when it is invalid, AdminConflictError when its
   * version is not higher than the version in force.
   */
  async apply(document: unknown, reason: string, actor: string): Promise<PolicyVersionSummary> {
    const { version } = readPolicy(document, 'document');
    const sha256 = policySha256(document);
    const stored = await this.dataSource.transaction(async (tx) => {
      await lockPolicyVersions(tx);
      const latest = await latestPolicyVersion(tx);
      if (latest && version <= latest.version) {
        throw new AdminConflictError(
          `Policy version ${version} is not newer than version ${latest.version}, which is in force; give the changed policy version ${latest.version + 1}.`,
        );
      }
      const inserted = await insertPolicyVersion(tx, { version, document, sha256, changedBy: actor, reason });
      const detail = { version, previousVersion: latest?.version ?? null, sha256, reason };
      await this.audit.record({ actor, action: 'policy.changed', purpose: POLICY_ADMINISTRATION, detail }, tx);
      return inserted;
    });
    await this.state.refresh();
    return stored;
  }

  /** Reads the policy file and stores it as a version unless that version number is stored already (with the same content). */
  private async storePolicyFile(): Promise<void> {
    const path = resolve(this.config.POLICY_FILE);
    let raw: unknown;
    try {
      raw = JSON.parse(await readFile(path, 'utf8'));
    } catch (error) {
      throw new Error(`Cannot read the policy file ${path} (POLICY_FILE): ${(error as Error).message}`, { cause: error });
    }
    let version: number;
    try {
      ({ version } = readPolicy(raw));
    } catch (error) {
      throw new Error(`The policy file ${path} is invalid:\n${describeIssues(error)}`, { cause: error });
    }
    const sha256 = policySha256(raw);
    await this.dataSource.transaction(async (tx) => {
      await lockPolicyVersions(tx);
      const stored = await findPolicyVersion(tx, version);
      if (stored) {
        if (stored.sha256 !== sha256) {
          throw new Error(
            `The policy file ${path} says version ${version}, but version ${version} stored on ${stored.changedAt} has other content. A stored version never changes: give the edited policy a new version number.`,
          );
        }
        return;
      }
      const latest = await latestPolicyVersion(tx);
      if (latest && latest.version > version) {
        this.logger.warn({
          message: `policy file ${path} holds version ${version}, older than version ${latest.version} in force; not stored. Commit the policy in force to the file.`,
        });
        return;
      }
      await insertPolicyVersion(tx, {
        version,
        document: raw,
        sha256,
        changedBy: 'system:policy-file',
        reason: `loaded from ${this.config.POLICY_FILE}`,
      });
      const detail = { version, previousVersion: latest?.version ?? null, sha256, source: this.config.POLICY_FILE };
      await this.audit.record({ actor: 'system:hub', action: 'policy.changed', purpose: POLICY_ADMINISTRATION, detail }, tx);
      this.logger.log({ message: 'policy version stored from file', version, sha256 });
    });
  }

  private async loadInForce(): Promise<PolicyInForce> {
    const record = await latestPolicyVersion(this.dataSource.manager);
    if (!record) throw new Error('No policy version is stored; the policy file should have been stored at start.');
    try {
      return { record, policy: readPolicy(record.document) };
    } catch (error) {
      throw new Error(`Policy version ${record.version} in force no longer fits the event catalogue:\n${describeIssues(error)}`, {
        cause: error,
      });
    }
  }
}
