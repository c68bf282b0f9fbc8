import { CloudEvent } from 'cloudevents';

/**
 * What the official CloudEvents SDK finds wrong with a Kafka record's value read as a structured
 * JSON CloudEvent (`new CloudEvent(value, true)`, its strict validation), or undefined when it is a
 * valid CloudEvents 1.0 event. An outside judge: the hub's own validation is not asked.
 */
export function cloudEventProblem(value: Buffer | string | null | undefined): string | undefined {
  if (value === null || value === undefined) return 'the record has no value';
  let json: unknown;
  try {
    json = JSON.parse(value.toString());
  } catch (error) {
    return `the value is not JSON: ${(error as Error).message}`;
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return 'the value is not a JSON object';
  try {
    new CloudEvent(json, true);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}
