import { pbkdf2Sync, randomBytes } from 'node:crypto';
import kafkajs, { type AclEntry, type Admin, type Kafka } from 'kafkajs';
import {
  agencyAclEntries,
  agencyConsumerGroupPrefix,
  agencyInboundTopic,
  agencyOutboundTopic,
  agencyOutcomesTopic,
  agencyPrincipal,
} from './agency-acls.js';
import type { KafkaSecurity } from './create-kafka.js';
import { SCRAM_SHA_512 } from './scram/alter-user-scram-credentials.js';
import { alterUserScramCredentials } from './scram/scram-admin-connection.js';

const { AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes } = kafkajs;

/** SCRAM iterations for agency credentials (Kafka accepts 4096–16384). */
export const SCRAM_ITERATIONS = 8192;
/** Kafka's RESOURCE_NOT_FOUND: deleting a credential that does not exist. */
const RESOURCE_NOT_FOUND = 91;

/** What an agency may do on Kafka. */
export interface AgencyKafkaGrant {
  readonly agencyId: string;
  /** Whether the agency publishes over Kafka (then it may write `agency.<id>.outbound` and read `agency.<id>.outcomes`). */
  readonly outbound: boolean;
}

/**
 * An agency's Kafka principal (`User:<agency id>`): its SCRAM-SHA-512 credential and its ACLs. The
 * hub's own connection (a super user) makes the changes; each call either completes or throws.
 */
export interface AgencyKafkaAccess {
  /** Creates or replaces the agency's credential with `password`, and makes its ACLs exactly the grant's. */
  grant(grant: AgencyKafkaGrant, password: string): Promise<void>;
  /** Deletes the agency's credential and every ACL of its principal. */
  revoke(agencyId: string): Promise<void>;
}

/** A failure of the broker to apply an access change; `retriable` as the broker's error says. */
export class KafkaAccessError extends Error {
  readonly code = 'KAFKA_ACCESS_FAILED';
  constructor(
    message: string,
    readonly retriable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** AgencyKafkaAccess on a real broker: kafkajs's admin for ACLs, AlterUserScramCredentials for credentials. */
export class BrokerAgencyKafkaAccess implements AgencyKafkaAccess {
  private connected: Promise<Admin> | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly brokers: readonly string[],
    private readonly security: KafkaSecurity,
  ) {}

  /** Disconnects the admin client (connected on first use). */
  async close(): Promise<void> {
    const admin = await this.connected?.catch(() => undefined);
    this.connected = undefined;
    await admin?.disconnect();
  }

  private admin(): Promise<Admin> {
    this.connected ??= (async () => {
      const admin = this.kafka.admin();
      await admin.connect();
      return admin;
    })();
    this.connected.catch(() => (this.connected = undefined));
    return this.connected;
  }

  async grant({ agencyId, outbound }: AgencyKafkaGrant, password: string): Promise<void> {
    await this.alterScram([], [scramUpsertion(agencyId, password)]);
    await this.setAcls(
      agencyId,
      agencyAclEntries({
        agency: agencyId,
        inboundTopic: agencyInboundTopic(agencyId),
        consumerGroupPrefix: agencyConsumerGroupPrefix(agencyId),
        ...(outbound ? { outboundTopic: agencyOutboundTopic(agencyId), outcomesTopic: agencyOutcomesTopic(agencyId) } : {}),
      }),
    );
  }

  async revoke(agencyId: string): Promise<void> {
    await this.alterScram([{ name: agencyId, mechanism: SCRAM_SHA_512 }], []);
    await this.setAcls(agencyId, []);
  }

  /** Creates the missing entries first, then deletes the surplus, so a grant never has a gap. */
  private async setAcls(agencyId: string, desired: readonly AclEntry[]): Promise<void> {
    const admin = await this.reachableAdmin();
    const current = await this.aclsOf(admin, agencyPrincipal(agencyId));
    const key = (acl: AclEntry): string =>
      [acl.resourceType, acl.resourceName, acl.resourcePatternType, acl.operation, acl.permissionType, acl.host].join('|');
    const have = new Set(current.map(key));
    const want = new Set(desired.map(key));
    const missing = desired.filter((acl) => !have.has(key(acl)));
    const surplus = current.filter((acl) => !want.has(key(acl)));
    try {
      if (missing.length > 0) await admin.createAcls({ acl: missing });
      if (surplus.length > 0) await admin.deleteAcls({ filters: surplus });
    } catch (error) {
      throw new KafkaAccessError(`Kafka refused to change the ACLs of ${agencyId}: ${String(error)}`, true, { cause: error });
    }
  }

  private async reachableAdmin(): Promise<Admin> {
    try {
      return await this.admin();
    } catch (error) {
      throw new KafkaAccessError(`Kafka could not be reached to change ACLs: ${String(error)}`, true, { cause: error });
    }
  }

  private async aclsOf(admin: Admin, principal: string): Promise<AclEntry[]> {
    const { resources } = await admin.describeAcls({
      resourceType: AclResourceTypes.ANY,
      resourcePatternType: ResourcePatternTypes.ANY,
      principal,
      operation: AclOperationTypes.ANY,
      permissionType: AclPermissionTypes.ANY,
    });
    return resources.flatMap(({ resourceType, resourceName, resourcePatternType, acls }) =>
      acls.map(({ principal: who, host, operation, permissionType }) => ({
        resourceType,
        resourceName,
        resourcePatternType,
        principal: who,
        host,
        operation,
        permissionType,
      })),
    );
  }

  private async alterScram(
    deletions: Parameters<typeof alterUserScramCredentials>[2],
    upsertions: Parameters<typeof alterUserScramCredentials>[3],
  ): Promise<void> {
    const broker = this.brokers[0];
    if (broker === undefined) throw new KafkaAccessError('No Kafka broker is configured (KAFKA_BROKERS).', false);
    let results;
    try {
      results = await alterUserScramCredentials(broker, this.security, deletions, upsertions);
    } catch (error) {
      throw new KafkaAccessError(`Kafka at ${broker} could not be reached to change SCRAM credentials: ${String(error)}`, true, {
        cause: error,
      });
    }
    const failed = results.filter((result) => result.errorCode !== 0 && !(deletions.length > 0 && result.errorCode === RESOURCE_NOT_FOUND));
    if (failed.length > 0) {
      const detail = failed.map((result) => `${result.user}: error ${result.errorCode} ${result.errorMessage ?? ''}`.trim()).join('; ');
      throw new KafkaAccessError(`Kafka refused the SCRAM credential change (${detail}).`, false);
    }
  }
}

/** A SCRAM-SHA-512 credential as Kafka stores it: a random salt and PBKDF2-HMAC-SHA512 of the password. */
export function scramUpsertion(name: string, password: string, iterations = SCRAM_ITERATIONS) {
  const salt = randomBytes(32);
  const saltedPassword = pbkdf2Sync(Buffer.from(password, 'utf8'), salt, iterations, 64, 'sha512');
  return { name, mechanism: SCRAM_SHA_512, iterations, salt, saltedPassword };
}
