import type { Request } from 'express';
import type { LinkageCaller } from './linkage-api-keys.js';

/** What the guard learnt of a call, kept on its request for the handler and the access log. */
export interface LinkageCall {
  caller?: LinkageCaller;
  purpose?: string;
  /** Set by a handler whose answer is not a list or a single record (e.g. an export). */
  resultCount?: number;
  /** Set once the call's row is in the access log, written by its handler with its answer. */
  recorded?: boolean;
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

/** Tells the access log a handler wrote the call's row itself, committed with the read that answers it. */
export function markRecorded(request: Request): void {
  linkageCallOf(request).recorded = true;
}

/** A declared purpose: 1–200 characters, no control, format or line-separator characters. */
export const PURPOSE_FORMAT = /^[^\p{Cc}\p{Cf}\p{Zl}\p{Zp}]{1,200}$/u;
