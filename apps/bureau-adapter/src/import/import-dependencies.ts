import type { SignEventOptions } from '@hub/identity';
import type { ProgressOutput } from './import-progress.js';
import type { ImportLedger } from './ledger/import-ledger.js';
import type { OutboundPublisher } from './publish/outbound-publisher.js';

/** What an import uses: the ledger always; the publisher and the bureau's key unless it is a dry run. */
export interface ImportDependencies {
  readonly ledger: ImportLedger;
  readonly publishing?: { readonly publisher: OutboundPublisher; readonly key: SignEventOptions };
  readonly progress: ProgressOutput;
}
