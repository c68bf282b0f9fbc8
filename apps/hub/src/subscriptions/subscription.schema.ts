/** The JSON Schema of a Subscription (subscription.ts) as the API answers it. */
export const SUBSCRIPTION_SCHEMA = {
  type: 'object',
  required: ['id', 'agency', 'name', 'eventTypes', 'filters', 'channels', 'purpose', 'status', 'createdBy', 'createdAt', 'updatedAt'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    agency: { type: 'string', description: 'The subscribing agency' },
    name: { type: 'string' },
    eventTypes: {
      type: 'array',
      items: { type: 'object', required: ['type', 'version'], properties: { type: { type: 'string' }, version: { type: 'integer' } } },
    },
    filters: {
      type: 'object',
      properties: {
        regions: { type: 'array', items: { type: 'string' } },
        permitClasses: { type: 'array', items: { type: 'string' } },
        visaCategories: { type: 'array', items: { type: 'string' } },
        attributes: {
          type: 'array',
          items: {
            type: 'object',
            required: ['path', 'op', 'value'],
            properties: {
              path: { type: 'string' },
              op: { type: 'string', enum: ['equals', 'in', 'prefix'] },
              value: { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
            },
          },
        },
      },
    },
    channels: {
      type: 'object',
      required: ['kafka', 'webhook'],
      properties: {
        kafka: { type: 'boolean', description: "Delivered to the agency's inbound topic" },
        webhook: {
          type: 'object',
          nullable: true,
          required: ['url'],
          properties: {
            url: { type: 'string' },
            secret: { type: 'string', description: 'In the answer that created the subscription only' },
          },
        },
      },
    },
    purpose: { type: 'string' },
    status: { type: 'string', enum: ['active', 'paused', 'deleted'] },
    createdBy: { type: 'string' },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
  },
} as const;

export const SUBSCRIPTION_REF = { $ref: '#/components/schemas/Subscription' } as const;
