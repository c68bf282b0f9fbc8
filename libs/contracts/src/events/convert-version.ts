import type { EventEnvelope } from '../envelope/event-envelope.js';
import { HubError } from '../errors/hub-error.js';
import { schemaId } from '../schema/json-schema.js';
import { findContract } from './catalogue.js';

/**
 * The event as contract version `target` of its type: upcast or downcast one version at a time
 * through each version's bridge, so a subscriber pinned to v1 keeps receiving v1 while publishers
 * send v2, and the reverse. The input is not modified. Fails with CONTRACT_VERSION_UNAVAILABLE when
 * the type has no such version or a step has no bridge.
 */
export function toContractVersion<T extends EventEnvelope<object>>(event: T, target: number): T {
  const unavailable = (why: string): HubError =>
    new HubError('CONTRACT_VERSION_UNAVAILABLE', `${event.type} v${event.contractversion} cannot be delivered as v${target}: ${why}`, {
      retriable: false,
    });
  if (!findContract(event.type, target)) throw unavailable(`${event.type} has no contract version ${target}`);
  let data: object = event.data;
  let version = event.contractversion;
  while (version !== target) {
    const step = version < target ? version + 1 : version;
    const bridge = findContract(event.type, step)?.bridge;
    if (!bridge) throw unavailable(`no bridge between v${step - 1} and v${step}`);
    data = version < target ? bridge.upcast(data, event) : bridge.downcast(data);
    version = version < target ? version + 1 : version - 1;
  }
  if (version === event.contractversion) return event;
  return { ...event, contractversion: version, dataschema: schemaId(event.type, version), data };
}
