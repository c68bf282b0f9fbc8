import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { errorResponse } from './error-response.js';

/** Deepest nesting of objects and arrays a body may have; the deepest contract needs six. */
export const DEFAULT_MAX_JSON_DEPTH = 32;

/** A body refused before any handler saw it: the code answered and why. */
export interface BodyRefusal {
  readonly status: number;
  readonly code: 'MALFORMED_JSON' | 'PAYLOAD_TOO_LARGE' | 'UNSUPPORTED_MEDIA_TYPE' | 'BODY_TOO_DEEP';
  readonly message: string;
}

export interface JsonBodyOptions {
  /** Deepest nesting accepted (default DEFAULT_MAX_JSON_DEPTH). */
  readonly maxDepth?: number;
  /** Told of every refused body after the answer is sent (the hub records it in its audit trail). */
  readonly onRefusal?: (request: Request, refusal: BodyRefusal) => void;
}

const TOO_DEEP = Symbol('tooDeep');

/**
 * The JSON body parser and its error answers. Express reports parser failures to its own error
 * middleware, before any Nest filter runs, so they are mapped here: malformed JSON 400, nesting
 * deeper than `maxDepth` 400 (checked on the raw bytes before parsing, so no later recursion sees
 * it), oversized 413, wrong content type 415, each with the same error body as every other refusal.
 */
export function jsonBody(
  limit: string,
  options: JsonBodyOptions = {},
): (RequestHandler | ((error: unknown, req: Request, res: Response, next: NextFunction) => void))[] {
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_JSON_DEPTH;
  const refuse = (req: Request, res: Response, refusal: BodyRefusal): void => {
    res.status(refusal.status).json(errorResponse(refusal.code, refusal.message));
    options.onRefusal?.(req, refusal);
  };
  const requireJson: RequestHandler = (req, res, next) => {
    // A POST without a body (an action such as pause) needs no content type; one with a body must be JSON.
    if (req.method === 'POST' && req.headers['content-length'] !== '0' && req.is('application/json') === false) {
      refuse(req, res, {
        status: 415,
        code: 'UNSUPPORTED_MEDIA_TYPE',
        message: 'Send events as JSON with Content-Type: application/json.',
      });
      return;
    }
    next();
  };
  const parse = express.json({
    limit,
    strict: false,
    verify: (_req, _res, buffer) => {
      const deepAt = firstOffsetDeeperThan(buffer, maxDepth);
      if (deepAt !== undefined)
        throw Object.assign(new Error(`nested deeper than ${maxDepth} at byte ${deepAt}`), { [TOO_DEEP]: deepAt, status: 400 });
    },
  });
  const parseErrors = (error: unknown, req: Request, res: Response, next: NextFunction): void => {
    const type = (error as { type?: string }).type;
    const deepAt = (error as { [TOO_DEEP]?: number })[TOO_DEEP];
    if (deepAt !== undefined) {
      refuse(req, res, {
        status: 400,
        code: 'BODY_TOO_DEEP',
        message: `The request body nests objects or arrays more than ${maxDepth} levels deep (at byte ${deepAt}); no event needs more than a few levels.`,
      });
    } else if (type === 'entity.too.large') {
      refuse(req, res, {
        status: 413,
        code: 'PAYLOAD_TOO_LARGE',
        message: `The request body is larger than ${limit}; send fewer events per request.`,
      });
    } else if (type === 'entity.parse.failed') {
      refuse(req, res, { status: 400, code: 'MALFORMED_JSON', message: `The request body is not valid JSON: ${(error as Error).message}` });
    } else if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
      refuse(req, res, { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Send the body as UTF-8 JSON.' });
    } else {
      next(error);
    }
  };
  return [requireJson, parse, parseErrors];
}

/**
 * The byte offset where JSON text first opens more than `maxDepth` objects or arrays, or undefined.
 * Brackets inside strings do not count. Malformed text is left to the parser.
 */
export function firstOffsetDeeperThan(text: Uint8Array, maxDepth: number): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const byte = text[i];
    if (inString) {
      if (byte === 0x5c)
        i += 1; // backslash: skip the escaped byte
      else if (byte === 0x22) inString = false;
    } else if (byte === 0x22) {
      inString = true;
    } else if (byte === 0x7b || byte === 0x5b) {
      depth += 1;
      if (depth > maxDepth) return i;
    } else if (byte === 0x7d || byte === 0x5d) {
      depth -= 1;
    }
  }
  return undefined;
}
