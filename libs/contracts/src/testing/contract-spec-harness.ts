import { randomUUID } from 'node:crypto';
import { ValidationFailedError } from '../errors/validation-failed.error.js';
import { validateEvent } from '../validation/validate-event.js';

/** The agency whose test events a contract spec builds, and when it sends them. */
export interface TestSender {
  readonly agency: string;
  readonly time: string;
}

/** A full envelope from `sender` around `data`, as version 1 of `type` (region Shanghai, a fresh id). */
export function envelopeFrom(sender: TestSender, type: string, data: object): Record<string, unknown> {
  return {
    specversion: '1.0',
    id: randomUUID(),
    type,
    source: `urn:hub:agency:${sender.agency}`,
    agency: sender.agency,
    region: '310000',
    time: sender.time,
    contractversion: 1,
    data,
  };
}

/** `data` with `changes` applied; a change to undefined leaves the field out. */
export function withChanges(data: object, changes: Record<string, unknown> = {}): Record<string, unknown> {
  const changed: Record<string, unknown> = { ...data, ...changes };
  for (const key of Object.keys(changed)) if (changed[key] === undefined) delete changed[key];
  return changed;
}

/** The rules `event` breaks, as `path:rule` in the order the validator reports them; [] when it is valid. */
export function rulesBroken(event: Record<string, unknown>): string[] {
  try {
    validateEvent(event);
    return [];
  } catch (error) {
    if (error instanceof ValidationFailedError) return error.issues.map((issue) => `${issue.path}:${issue.rule}`);
    throw error;
  }
}

/** A deep copy of the contract's example, changed in place by `change`. */
export function exampleChangedBy<T extends object>(contract: { example(): T }, change: (data: Record<string, unknown>) => void): object {
  const data = structuredClone(contract.example()) as Record<string, unknown>;
  change(data);
  return data;
}
