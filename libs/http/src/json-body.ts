import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { errorResponse } from './error-response.js';

/**
 * The JSON body parser and its error answers. Express reports parser failures to its own error
 * middleware, before any Nest filter runs, so they are mapped here: malformed JSON 400, oversized
 * 413, wrong content type 415, each with the same error body as every other refusal.
 */
export function jsonBody(limit: string): (RequestHandler | ((error: unknown, req: Request, res: Response, next: NextFunction) => void))[] {
  const requireJson: RequestHandler = (req, res, next) => {
    if (req.method === 'POST' && !req.is('application/json')) {
      res.status(415).json(errorResponse('UNSUPPORTED_MEDIA_TYPE', 'Send events as JSON with Content-Type: application/json.'));
      return;
    }
    next();
  };
  const parse = express.json({ limit, strict: false });
  const parseErrors = (error: unknown, _req: Request, res: Response, next: NextFunction): void => {
    const type = (error as { type?: string }).type;
    if (type === 'entity.too.large') {
      res.status(413).json(errorResponse('PAYLOAD_TOO_LARGE', `The request body is larger than ${limit}; send fewer events per request.`));
    } else if (type === 'entity.parse.failed') {
      res.status(400).json(errorResponse('MALFORMED_JSON', `The request body is not valid JSON: ${(error as Error).message}`));
    } else if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
      res.status(415).json(errorResponse('UNSUPPORTED_MEDIA_TYPE', 'Send the body as UTF-8 JSON.'));
    } else {
      next(error);
    }
  };
  return [requireJson, parse, parseErrors];
}
