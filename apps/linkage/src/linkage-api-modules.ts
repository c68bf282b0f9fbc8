import type { DynamicModule, Type } from '@nestjs/common';

/**
 * The HTTP API modules of the linkage service (cases, card look-up, reports). Each is a Nest
 * module importing nothing of the service's wiring: LinkageModule is global and gives every
 * module DataSource, LinkageConfig, LinkageApiKeys, LinkageClock, LinkageRules, LinkageEventWriter
 * and the repositories of store/. Add a module here to serve it.
 */
export const LINKAGE_API_MODULES: readonly (Type | DynamicModule)[] = [];
