import type { DynamicModule } from '@nestjs/common';
import { LinkageApiAccessModule } from './api-access/index.js';
import { CardLookupModule } from './cards/index.js';
import { CasesApiModule, type LinkageEventSigner } from './cases-api/index.js';
import type { LinkageConfig } from './config/linkage-config.js';
import type { LinkageClock } from './decide/linkage-clock.js';
import { ReportsModule } from './reports/index.js';

/** What the API modules take from the service's wiring. */
export interface LinkageApiWiring {
  /** Signs what the APIs publish (a case resolved through the cases API) with the linkage agency's key. */
  readonly signer: LinkageEventSigner;
  readonly clock: LinkageClock;
}

/**
 * The HTTP API modules of the linkage service: access (API keys, X-Purpose, the access log; global),
 * the cases and chains API, the talent-card look-up, the monthly reports. LinkageModule imports them; it is global too, so
 * they (and an API module added here) inject DataSource, LinkageConfig, LinkageClock, LinkageRules,
 * LinkageEventWriter and the repositories of store/.
 */
export function linkageApiModules(config: LinkageConfig, wiring: LinkageApiWiring): (DynamicModule | typeof ReportsModule)[] {
  return [
    LinkageApiAccessModule.forRoot({ apiKeys: config.apiKeys() }),
    CasesApiModule.forRoot({ signer: wiring.signer }),
    CardLookupModule.forRoot({ today: () => wiring.clock.today() }),
    ReportsModule,
  ];
}
