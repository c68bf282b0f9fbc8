/** The JSON Schema of ErrorResponse (error-response.ts): the body of every error answer. */
export const ERROR_RESPONSE_SCHEMA = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'messageZh'],
      properties: {
        code: {
          type: 'string',
          description: 'A stable code, e.g. VALIDATION_FAILED, UNAUTHENTICATED, NOT_FOUND, RATE_LIMITED',
          example: 'VALIDATION_FAILED',
        },
        message: { type: 'string', description: 'What went wrong and what to do, in English' },
        messageZh: { type: 'string', description: 'The same in Chinese' },
        issues: {
          type: 'array',
          description: 'Each broken rule, by field path',
          items: {
            type: 'object',
            required: ['path', 'rule', 'message'],
            properties: {
              path: { type: 'string', example: 'events[0].data.permitNumber' },
              rule: { type: 'string', example: 'matches' },
              message: { type: 'string' },
              messageZh: { type: 'string' },
            },
          },
        },
        totalIssues: { type: 'integer', description: 'How many issues were found when more than `issues` lists' },
        currentVersion: { type: 'integer', description: 'On STALE_RECORD_VERSION: the version of the record the hub holds' },
      },
    },
  },
} as const;
