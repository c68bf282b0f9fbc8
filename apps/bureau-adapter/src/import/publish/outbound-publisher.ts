import type { AgencyOutboundPublisher } from '@hub/agency-kit';

/** What the import uses of the agency kit's AgencyOutboundPublisher (so specs can stand in for Kafka). */
export type OutboundPublisher = Pick<AgencyOutboundPublisher, 'connect' | 'publish' | 'disconnect'>;
