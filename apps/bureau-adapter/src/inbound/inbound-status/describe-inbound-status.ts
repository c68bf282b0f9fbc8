import type { DeadLetterView } from '@hub/agency-kit';
import type { InboundStatus } from './read-inbound-status.js';

/** The inbound side as text lines for `npm run bureau -- status`. */
export function describeInboundStatus(status: InboundStatus, deadLetters: readonly DeadLetterView[]): string {
  const r = status.records;
  const lines = [
    `inbound: received ${status.received} (last ${status.lastReceivedAt ?? '-'}) · residence permits ${r.residencePermits} · visas ${r.visas} · credit records ${r.creditRecords} · cases ${r.cases} (open ${r.openCases}) · dead letters ${status.deadLetters.total}`,
  ];
  for (const gap of status.gaps)
    lines.push(
      `    gap: subscription ${gap.subscriptionId} expects sequence ${gap.expected ?? '-'} (since ${gap.since ?? '-'}): replay from it`,
    );
  for (const d of deadLetters)
    lines.push(`    dead letter ${d.id} ${d.createdAt} ${d.topic}/${d.partition}@${d.offset} ${d.errorCode}: ${d.errorMessage}`);
  return lines.join('\n');
}
