import { listDeadLetters, type DeadLetterView } from '@hub/agency-kit';
import { readBureauDatabaseUrl } from '../../config/bureau-database-url.js';
import { inboundDataSource } from '../inbound-data-source.js';
import { describeInboundStatus } from './describe-inbound-status.js';
import { readInboundStatus, type InboundStatus } from './read-inbound-status.js';

/** The inbound side for the status command, from BUREAU_DATABASE_URL; undefined when it is unset or the schema is not installed yet. */
export async function readInboundReport(
  limit: number,
): Promise<{ json: { status: InboundStatus; deadLetters: DeadLetterView[] }; text: string } | undefined> {
  const url = readBureauDatabaseUrl();
  if (!url) return undefined;
  const db = await inboundDataSource(url, 1).initialize();
  try {
    const [{ installed } = { installed: false }] = await db.query<{ installed: boolean }[]>(
      "SELECT to_regclass('hub_inbound.inbox') IS NOT NULL AS installed",
    );
    if (!installed)
      return { json: { status: emptyStatus(), deadLetters: [] }, text: 'inbound: not installed (the adapter installs it at start)' };
    const status = await readInboundStatus(db);
    const deadLetters = await listDeadLetters(db, limit);
    return { json: { status, deadLetters }, text: describeInboundStatus(status, deadLetters) };
  } finally {
    await db.destroy();
  }
}

function emptyStatus(): InboundStatus {
  const records = { people: 0, residencePermits: 0, visas: 0, creditRecords: 0, cases: 0, openCases: 0 };
  return { received: 0, lastReceivedAt: null, records, gaps: [], deadLetters: { total: 0, byCode: {} } };
}
