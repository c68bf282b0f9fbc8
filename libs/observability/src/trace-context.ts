import { randomBytes, randomUUID } from 'node:crypto';

/** A fresh correlation id for a request that arrived without one. */
export function newCorrelationId(): string {
  return randomUUID();
}

/** A new W3C traceparent (version 00, sampled) for a request that arrived without one. */
export function newTraceparent(): string {
  return `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`;
}

/** The same trace with a new span id: what a hop puts on the message it sends on. */
export function childTraceparent(parent: string): string {
  const [version, traceId, , flags] = parent.split('-');
  if (!version || !traceId || !flags) return newTraceparent();
  return `${version}-${traceId}-${randomBytes(8).toString('hex')}-${flags}`;
}

/** Whether `value` is a W3C traceparent this hub continues (version, trace id, span id, flags in lower-case hex). */
export function isTraceparent(value: string | undefined): value is string {
  return value !== undefined && /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/.test(value);
}
