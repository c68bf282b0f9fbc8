import { deadLetterCommands } from '@hub/agency-kit';
import { readBureauDatabaseUrl } from '../config/bureau-database-url.js';
import { inboundDataSource } from './inbound-data-source.js';
import { bureauInboundConsumer } from './record-inbound/bureau-inbound-consumer.js';

/**
 * `npm run bureau -- dead-letters | redrive [--id n ...] | discard <id> --reason <text>`: the agency
 * kit's dead-letter commands on the bureau's database (BUREAU_DATABASE_URL, schema `hub_inbound`),
 * redriving through the adapter's own inbound consumer.
 */
export const BUREAU_DEAD_LETTER_COMMANDS = deadLetterCommands({
  open: async (fail) => {
    const url = readBureauDatabaseUrl();
    if (!url) return fail("Set BUREAU_DATABASE_URL to the bureau's database (postgres://…/fwp).");
    const db = await inboundDataSource(url, 2).initialize();
    return { db, redriving: bureauInboundConsumer(db, 0), close: () => db.destroy() };
  },
});
