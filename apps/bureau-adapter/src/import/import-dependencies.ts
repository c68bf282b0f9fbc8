import type { SignEventOptions } from '@hub/identity';
import type { ProgressOutput } from './import-progress.js';
import type { ImportLedger } from './ledger/import-ledger.js';
import type { BureauRecordIds } from './link/bureau-record-ids.js';
import type { OutboundPublisher } from './publish/outbound-publisher.js';

/**
 * What an import uses: the ledger always; the publisher and the bureau's key unless it is a dry run;
 * the bureau's system of record when the adapter works against one (BUREAU_DATABASE_URL).
 */
export interface ImportDependencies {
  readonly ledger: ImportLedger;
  readonly bureauRecordIds?: BureauRecordIds;
  readonly publishing?: { readonly publisher: OutboundPublisher; readonly key: SignEventOptions };
  readonly progress: ProgressOutput;
}
