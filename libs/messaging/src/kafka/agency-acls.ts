import kafkajs, { type AclEntry, type Admin } from 'kafkajs';

// kafkajs is CommonJS and Node's ESM loader does not see these enums as named exports.
const { AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes } = kafkajs;

// Agency topic naming and the ACLs that confine an agency's Kafka principal to its own topics.
// Only kafkajs is imported here, so this file can move to libs/messaging unchanged.

/** Agency ids are one topic-name segment: no dots, so `agency.<id>.` prefixes never overlap. */
const AGENCY_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/;

function checkedAgencyId(agencyId: string): string {
  if (!AGENCY_ID.test(agencyId)) throw new Error(`Agency id ${JSON.stringify(agencyId)} must match ${String(AGENCY_ID)}`);
  return agencyId;
}

/** The topic an agency publishes to (the hub reads it): `agency.<agencyId>.outbound`. */
export function agencyOutboundTopic(agencyId: string): string {
  return `agency.${checkedAgencyId(agencyId)}.outbound`;
}

/**
 * The topic where the hub answers each record of an agency's outbound topic with its outcome
 * (accepted, duplicate, refused, held): `agency.<agencyId>.outcomes`. Only the agency reads it.
 */
export function agencyOutcomesTopic(agencyId: string): string {
  return `agency.${checkedAgencyId(agencyId)}.outcomes`;
}

/** The topic the hub delivers to an agency (the agency reads it): `agency.<agencyId>.inbound`. */
export function agencyInboundTopic(agencyId: string): string {
  return `agency.${checkedAgencyId(agencyId)}.inbound`;
}

/** A consumer-group prefix an agency may use: `agency.<agencyId>.` (ends with the separator). */
export function agencyConsumerGroupPrefix(agencyId: string): string {
  return `agency.${checkedAgencyId(agencyId)}.`;
}

/** The Kafka principal of an agency: its SASL user name, which is its agency id. */
export function agencyPrincipal(agencyId: string): string {
  return `User:${checkedAgencyId(agencyId)}`;
}

export interface AgencyTopicAcls {
  /** Agency id; also its SASL/SCRAM user name. */
  readonly agency: string;
  /** The topic the agency publishes to, if it publishes over Kafka. */
  readonly outboundTopic?: string;
  /** Where the hub answers its outbound records (read by the agency), if it publishes over Kafka. */
  readonly outcomesTopic?: string;
  readonly inboundTopic: string;
  /** Groups whose id starts with this may be joined. Must end with '.' so one agency's prefix is not another's. */
  readonly consumerGroupPrefix: string;
}

/**
 * Exactly what an agency's principal is allowed, from any host: WRITE and DESCRIBE its outbound
 * topic and READ and DESCRIBE its outcomes topic (if it publishes over Kafka), READ and DESCRIBE its inbound topic, READ consumer groups under its prefix. Nothing
 * else: no create, delete, alter or cluster rights, no other topic. (Idempotent produce needs no
 * extra grant: WRITE on a topic implies IDEMPOTENT_WRITE since Kafka 3.0.)
 */
export function agencyAclEntries({ agency, outboundTopic, outcomesTopic, inboundTopic, consumerGroupPrefix }: AgencyTopicAcls): AclEntry[] {
  if (!consumerGroupPrefix.endsWith('.') || consumerGroupPrefix.length < 2) {
    throw new Error(`Consumer group prefix ${JSON.stringify(consumerGroupPrefix)} must end with '.'`);
  }
  const principal = agencyPrincipal(agency);
  const allow = (
    resourceType: AclEntry['resourceType'],
    resourceName: string,
    resourcePatternType: AclEntry['resourcePatternType'],
    operation: AclEntry['operation'],
  ): AclEntry => ({
    resourceType,
    resourceName,
    resourcePatternType,
    principal,
    host: '*',
    operation,
    permissionType: AclPermissionTypes.ALLOW,
  });
  const outbound =
    outboundTopic === undefined
      ? []
      : [
          allow(AclResourceTypes.TOPIC, outboundTopic, ResourcePatternTypes.LITERAL, AclOperationTypes.WRITE),
          allow(AclResourceTypes.TOPIC, outboundTopic, ResourcePatternTypes.LITERAL, AclOperationTypes.DESCRIBE),
        ];
  const outcomes =
    outcomesTopic === undefined
      ? []
      : [
          allow(AclResourceTypes.TOPIC, outcomesTopic, ResourcePatternTypes.LITERAL, AclOperationTypes.READ),
          allow(AclResourceTypes.TOPIC, outcomesTopic, ResourcePatternTypes.LITERAL, AclOperationTypes.DESCRIBE),
        ];
  return [
    ...outbound,
    ...outcomes,
    allow(AclResourceTypes.TOPIC, inboundTopic, ResourcePatternTypes.LITERAL, AclOperationTypes.READ),
    allow(AclResourceTypes.TOPIC, inboundTopic, ResourcePatternTypes.LITERAL, AclOperationTypes.DESCRIBE),
    allow(AclResourceTypes.GROUP, consumerGroupPrefix, ResourcePatternTypes.PREFIXED, AclOperationTypes.READ),
  ];
}

/**
 * Grants an agency its topic ACLs through `admin`, which must be connected as a principal allowed
 * to alter ACLs (the hub, a super user). Creating an ACL that exists already is a no-op.
 */
export async function grantAgencyTopicAcls(admin: Admin, acls: AgencyTopicAcls): Promise<void> {
  await admin.createAcls({ acl: agencyAclEntries(acls) });
}
