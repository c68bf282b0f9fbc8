import { describe, expect, it } from '@jest/globals';
import { ValidationFailedError } from '@hub/contracts';
import { PUBLISH_MEDIA_TYPES, readPublishBody } from './publish-body.js';

describe('readPublishBody', () => {
  const event = { id: 'e1' };

  it('reads application/json as one event or an { events } batch, as before', () => {
    expect(readPublishBody(PUBLISH_MEDIA_TYPES.json, event)).toEqual({ events: [event], batch: false });
    expect(readPublishBody(PUBLISH_MEDIA_TYPES.json, { events: [event, event] })).toEqual({ events: [event, event], batch: true });
  });

  it('reads a structured CloudEvent as one event, even one with an events member', () => {
    expect(readPublishBody(PUBLISH_MEDIA_TYPES.cloudEvent, event)).toEqual({ events: [event], batch: false });
    expect(readPublishBody(PUBLISH_MEDIA_TYPES.cloudEvent, { events: [event] })).toEqual({ events: [{ events: [event] }], batch: false });
  });

  it('reads a CloudEvents batch as a JSON array, and refuses anything else', () => {
    expect(readPublishBody(PUBLISH_MEDIA_TYPES.cloudEventBatch, [event])).toEqual({ events: [event], batch: true });
    expect(() => readPublishBody(PUBLISH_MEDIA_TYPES.cloudEventBatch, { events: [event] })).toThrow(ValidationFailedError);
    const refusal = ((): unknown => {
      try {
        return readPublishBody(PUBLISH_MEDIA_TYPES.cloudEventBatch, event);
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(ValidationFailedError);
    expect((refusal as ValidationFailedError).issues).toMatchObject([{ path: '', rule: 'isArray' }]);
  });
});
