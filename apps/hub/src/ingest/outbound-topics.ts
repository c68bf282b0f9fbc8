import { agencyOutboundTopic } from '@hub/messaging';

const OUTBOUND_TOPIC = /^agency\.([A-Za-z0-9][A-Za-z0-9_-]{0,99})\.outbound$/;

/** The agency an outbound topic belongs to (`agency.<id>.outbound`), or undefined for any other topic. */
export function agencyOfOutboundTopic(topic: string): string | undefined {
  const agencyId = OUTBOUND_TOPIC.exec(topic)?.[1];
  return agencyId !== undefined && agencyOutboundTopic(agencyId) === topic ? agencyId : undefined;
}
