import { randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { DeliveryError } from '../delivery.errors.js';
import { MAX_PAYLOAD_BYTES, validateRequest, type WebhookDeliveryRequest } from './webhook-delivery-request.js';

const request: WebhookDeliveryRequest = {
  subscriptionId: 'psb-310000-work-permits',
  agencyId: 'psb',
  endpoint: 'https://psb.example.gov.cn/hub/webhook',
  eventId: randomUUID().toUpperCase(),
  eventType: 'work-permit.issued',
  subjectId: 'subj_8f14e45fceea167a',
  payload: { id: 'e1', data: { permitNo: '1' } },
};

describe('delivery requests', () => {
  it('stores the payload as the exact JSON text to send and the event id in lower case', () => {
    const valid = validateRequest(request, 0);
    expect(valid.payload).toBe('{"id":"e1","data":{"permitNo":"1"}}');
    expect(valid.eventId).toBe(request.eventId.toLowerCase());
    expect(validateRequest({ ...request, payload: '{ "kept" : "as sent" }' }, 0).payload).toBe('{ "kept" : "as sent" }');
  });

  it('refuses what cannot be delivered, naming the field', () => {
    const cases: [Partial<WebhookDeliveryRequest>, RegExp][] = [
      [{ subscriptionId: '' }, /subscriptionId/],
      [{ agencyId: 'psb agency' }, /agencyId/],
      [{ eventId: 'e-1' }, /eventId/],
      [{ eventType: '' }, /eventType/],
      [{ subjectId: 'a\nb' }, /subjectId/],
      [{ endpoint: 'ftp://psb.example/' }, /endpoint must be https/],
      [{ endpoint: 'not a url' }, /endpoint is not a URL/],
      [{ endpoint: 'https://user:secret@psb.example/' }, /credentials/],
      [{ payload: '{"unterminated"' }, /payload must be JSON/],
      [{ payload: `"${'x'.repeat(MAX_PAYLOAD_BYTES)}"` }, /payload must stay under/],
    ];
    for (const [change, message] of cases) {
      expect(() => validateRequest({ ...request, ...change }, 3)).toThrow(DeliveryError);
      expect(() => validateRequest({ ...request, ...change }, 3)).toThrow(message);
    }
  });
});
