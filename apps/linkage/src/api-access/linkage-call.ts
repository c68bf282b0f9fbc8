import type { Request } from 'express';
import type { LinkageCaller } from './linkage-api-keys.js';

/** What the guard learnt of a call, kept on its request for the handler and the access log. */
export interface LinkageCall {
  caller?: LinkageCaller;
  purpose?: string;
  /** Set by a handler whose answer is not a list or a single record (e.g. an export). */
  resultCount?: number;
}

const CALLS = new WeakMap<Request, LinkageCall>();

/** The facts of the call `request` belongs to (created empty on first use). */
export function linkageCallOf(request: Request): LinkageCall {
  let call = CALLS.get(request);
  if (!call) {
    call = {};
    CALLS.set(request, call);
  }
  return call;
}

/** Tells the access log how many records a call answered, where the answer itself does not show it. */
export function setResultCount(request: Request, count: number): void {
  linkageCallOf(request).resultCount = count;
}

/** A declared purpose: 1–200 characters, no control, format or line-separator characters. */
export const PURPOSE_FORMAT = /^[^\p{Cc}\p{Cf}\p{Zl}\p{Zp}]{1,200}$/u;
