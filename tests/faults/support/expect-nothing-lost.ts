import { expect } from '@jest/globals';
import type { ScenarioResult } from './run-fault-scenario.js';

/** The guarantees a fault run must show: every acknowledged event in the hub, on its topic and at every entitled subscriber, once, in order. */
export function expectNothingLost(result: ScenarioResult, expected: { events: number; faults: number; seed: number }): void {
  const { check, faults } = result;
  const context = `seed ${expected.seed}, results in ${result.resultsFile}`;
  expect({ context, injected: faults.filter((fault) => fault.endedAt !== undefined).length }).toEqual({
    context,
    injected: expected.faults,
  });
  expect({
    context,
    published: check.published,
    acknowledged: check.acknowledged,
    refused: check.refused,
    unacknowledged: check.unacknowledged,
  }).toEqual({
    context,
    published: expected.events,
    acknowledged: expected.events,
    refused: 0,
    unacknowledged: 0,
  });
  // A read that ran out of time, or a drain that did, would pass unread or undelivered events off as lost (or hide them).
  expect({ context, drained: check.drain.complete, drain: check.drain }).toEqual({ context, drained: true, drain: check.drain });
  for (const [topic, reader] of Object.entries(check.readers)) {
    expect({ context, topic, complete: reader.complete, read: reader.read }).toEqual({
      context,
      topic,
      complete: true,
      read: reader.total,
    });
  }
  expect({ context, missingInHub: check.missingInHub, missingOnCanonicalTopic: check.missingOnCanonicalTopic }).toEqual({
    context,
    missingInHub: 0,
    missingOnCanonicalTopic: 0,
  });
  for (const [name, subscriber] of Object.entries(check.subscribers)) {
    expect({ context, name, ...subscriber }).toEqual({
      context,
      name,
      channel: subscriber.channel,
      entitled: subscriber.entitled,
      delivered: subscriber.entitled,
      lost: 0,
      duplicated: 0,
      reordered: 0,
      sequenceProblems: 0,
      redelivered: subscriber.redelivered,
    });
    expect(subscriber.entitled).toBeGreaterThan(0);
  }
  // Credit supervision and the linkage service may read every work-permit event: each got all of them.
  expect(Object.values(check.subscribers).filter((subscriber) => subscriber.entitled === expected.events).length).toBeGreaterThanOrEqual(2);
  expect({
    context,
    receiptsMissing: check.receiptsMissing,
    auditVerified: check.auditVerified,
    auditReport: check.auditVerified ? '' : check.auditReport,
  }).toEqual({
    context,
    receiptsMissing: 0,
    auditVerified: true,
    auditReport: '',
  });
}
