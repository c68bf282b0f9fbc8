import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ValidationFailedError, type ValidationIssue } from '@hub/contracts';
import { errorResponse } from './error-response.js';
import { parseStrictJson } from './strict-json.js';

/** Deepest nesting of objects and arrays a body may have; the deepest contract needs six. */
export const DEFAULT_MAX_JSON_DEPTH = 32;

/** A body refused before any handler saw it: the code answered and why. */
export interface BodyRefusal {
  readonly status: number;
  readonly code:
    | 'MALFORMED_JSON'
    | 'PAYLOAD_TOO_LARGE'
    | 'UNSUPPORTED_MEDIA_TYPE'
    | 'BODY_TOO_DEEP'
    | 'VALIDATION_FAILED'
    | 'UNAUTHENTICATED'
    | 'RATE_LIMITED';
  readonly message: string;
  /** The broken rule with its path (a duplicate or forbidden member name). */
  readonly issues?: readonly ValidationIssue[];
  /** Seconds to wait before sending again (429). */
  readonly retryAfterSeconds?: number;
}

export interface JsonBodyOptions {
  /** Deepest nesting accepted (default DEFAULT_MAX_JSON_DEPTH). */
  readonly maxDepth?: number;
  /** Told of every refused body after the answer is sent (the hub records it in its audit trail). */
  readonly onRefusal?: (request: Request, refusal: BodyRefusal) => void;
  /**
   * Decides on every request before a byte of its body is read (credentials, rate): a refusal is
   * answered at once and the connection closed, so a caller without credentials costs no parsing.
   */
  readonly admit?: (request: Request, hasBody: boolean) => BodyRefusal | undefined;
  /**
   * The JSON media types a request may send its body as (default JSON_MEDIA_TYPES). A route that
   * also reads `+json` types, such as CloudEvents' `application/cloudevents+json`, names them here.
   */
  readonly mediaTypes?: (request: Request) => readonly string[];
}

/** What every JSON route reads. */
export const JSON_MEDIA_TYPES: readonly string[] = ['application/json'];

/**
 * The hub's only JSON body reader. In order: `admit` (authentication and rate, before the body),
 * the content type (one of `mediaTypes`, in UTF-8, no content encoding: 415), the declared Content-Length (413 at
 * once), the bytes as they stream (413 as soon as they pass the limit), then strict JSON
 * (parseStrictJson: UTF-8, syntax, unique and allowed member names) and the nesting depth. Every
 * refusal is answered with the same error body as every other refusal; a refusal that leaves body
 * bytes unread closes the connection, so they are never read.
 */
export function jsonBody(limit: string, options: JsonBodyOptions = {}): RequestHandler {
  const maxBytes = parseSize(limit);
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_JSON_DEPTH;
  const refuse = (req: Request, res: Response, refusal: BodyRefusal, unread: boolean): void => {
    if (res.headersSent) return;
    if (unread) res.setHeader('Connection', 'close');
    if (refusal.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(Math.max(1, Math.ceil(refusal.retryAfterSeconds))));
    const issues = refusal.issues ? new ValidationFailedError(refusal.issues).issues : undefined;
    res.status(refusal.status).json(errorResponse(refusal.code, refusal.message, issues));
    if (unread) res.once('finish', () => req.socket.destroySoon());
    options.onRefusal?.(req, refusal);
  };
  return (req: Request, res: Response, next: NextFunction): void => {
    const body = hasBody(req);
    const admission = options.admit?.(req, body);
    if (admission) return refuse(req, res, admission, body);
    if (!body) return next();
    const header = contentProblem(req, options.mediaTypes?.(req) ?? JSON_MEDIA_TYPES);
    if (header) return refuse(req, res, header, true);
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > maxBytes) return refuse(req, res, tooLarge(limit), true);
    // A client that waits for "100 Continue" is told to send its body only now, once it is admitted.
    if (/^100-continue$/i.test(req.headers.expect ?? '')) res.writeContinue();
    readCapped(req, maxBytes, (bytes) => {
      if (!bytes) return refuse(req, res, tooLarge(limit), true);
      const refusal = readJsonBytes(bytes, maxDepth);
      if ('status' in refusal) return refuse(req, res, refusal, false);
      req.body = refusal.value;
      next();
    });
  };
}

/** Reads the body up to `maxBytes`; undefined (and reading stops) as soon as it is longer. */
function readCapped(req: Request, maxBytes: number, done: (bytes: Buffer | undefined) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  let finished = false;
  const finish = (bytes: Buffer | undefined): void => {
    if (finished) return;
    finished = true;
    req.off('data', onData);
    if (!bytes) req.pause();
    done(bytes);
  };
  const onData = (chunk: Buffer): void => {
    size += chunk.length;
    if (size > maxBytes) finish(undefined);
    else chunks.push(chunk);
  };
  req.on('data', onData);
  req.once('end', () => finish(Buffer.concat(chunks, size)));
  // An aborted upload has no one to answer; the socket is already gone.
  req.once('error', () => {
    finished = true;
  });
}

/**
 * Reads JSON bytes as the body reader does (nesting depth, then strict JSON: UTF-8, syntax, unique
 * and allowed member names): the value, or the refusal a request body with these bytes gets.
 */
export function readJsonBytes(bytes: Buffer, maxDepth: number = DEFAULT_MAX_JSON_DEPTH): BodyRefusal | { value: unknown } {
  const deepAt = firstOffsetDeeperThan(bytes, maxDepth);
  if (deepAt !== undefined) {
    return {
      status: 400,
      code: 'BODY_TOO_DEEP',
      message: `The request body nests objects or arrays more than ${maxDepth} levels deep (at byte ${deepAt}); no event needs more than a few levels.`,
    };
  }
  const parsed = parseStrictJson(bytes);
  if ('value' in parsed) return parsed;
  const problem = parsed.problem;
  if (problem.kind === 'issue') {
    return {
      status: 400,
      code: 'VALIDATION_FAILED',
      message: `The request body breaks JSON rules: ${problem.issue.message}.`,
      issues: [problem.issue],
    };
  }
  return { status: 400, code: 'MALFORMED_JSON', message: problem.message };
}

/** A body is present when the request declares a length above zero or streams one in chunks. */
function hasBody(req: Request): boolean {
  if (req.headers['transfer-encoding'] !== undefined) return true;
  const length = req.headers['content-length'];
  return length !== undefined && length !== '0';
}

const UTF8_CHARSETS = new Set(['utf-8', 'utf8']);

function contentProblem(req: Request, mediaTypes: readonly string[]): BodyRefusal | undefined {
  const unsupported = (message: string): BodyRefusal => ({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message });
  const type = req.is([...mediaTypes]);
  if (type === false || type === null) {
    return unsupported(`Send JSON with Content-Type: ${mediaTypes.join(' or ')}.`);
  }
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(req.headers['content-type'] ?? '')?.[1];
  if (charset !== undefined && !UTF8_CHARSETS.has(charset.toLowerCase()))
    return unsupported('Send the body as UTF-8 JSON (charset=utf-8).');
  const encoding = req.headers['content-encoding'];
  if (encoding !== undefined && encoding.toLowerCase() !== 'identity') {
    return unsupported(`Content-Encoding ${encoding} is not accepted; send the JSON uncompressed.`);
  }
  return undefined;
}

function tooLarge(limit: string): BodyRefusal {
  return { status: 413, code: 'PAYLOAD_TOO_LARGE', message: `The request body is larger than ${limit}; send fewer events per request.` };
}

const UNITS: Readonly<Record<string, number>> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

/** Bytes of a size such as `5mb`, `64kb` or `1000`. */
export function parseSize(size: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?$/i.exec(size.trim());
  if (!match?.[1]) throw new Error(`${size} is not a size such as 5mb, 64kb or 1000`);
  return Math.floor(Number(match[1]) * (UNITS[(match[2] ?? 'b').toLowerCase()] ?? 1));
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
