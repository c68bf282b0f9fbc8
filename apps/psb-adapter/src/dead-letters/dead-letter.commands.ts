import { deadLetterCommands, firstReading, SubscriptionSequencesRepository } from '@hub/agency-kit';
import { createDataSource } from '@hub/persistence';
import { readPsbCliSettings } from '../config/cli-settings.js';
import { PSB_ADAPTER_MIGRATIONS } from '../migrations/index.js';
import { residenceReviewsConsumer } from '../residence-reviews/record-reviews/residence-reviews-consumer.js';
import { WorkPermitRecordsRepository } from '../work-permits/record-work-permits/work-permit-records.repository.js';
import { workPermitsConsumer } from '../work-permits/record-work-permits/work-permits-consumer.js';
import { WorkPermit } from '../work-permits/work-permit.entity.js';

/**
 * `npm run psb -- dead-letters | redrive [--id n ...] | discard <id> --reason <text>`: the agency
 * kit's dead-letter commands on public security's database (DATABASE_URL), each record redriven
 * through the consumer that parked it (work permits, or residence reviews of AGENCY_ID).
 */
export const PSB_DEAD_LETTER_COMMANDS = deadLetterCommands({
  open: async (fail) => {
    const settings = readPsbCliSettings();
    if (!settings.databaseUrl) return fail("Set DATABASE_URL to public security's adapter database (postgres://…/psb_adapter).");
    const dataSource = await createDataSource({
      url: settings.databaseUrl,
      applicationName: 'psb-cli',
      entities: [WorkPermit],
      migrations: PSB_ADAPTER_MIGRATIONS,
      poolSize: 2,
    }).initialize();
    const sequences = new SubscriptionSequencesRepository();
    const permits = workPermitsConsumer({
      dataSource,
      permits: new WorkPermitRecordsRepository(),
      sequences,
      gapGraceMs: settings.gapGraceMs,
    });
    const reviews = residenceReviewsConsumer({ dataSource, agencyId: settings.agencyId });
    return { db: dataSource, redriving: firstReading(permits, reviews), close: () => dataSource.destroy() };
  },
});
