import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes, type Span, type Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { childTraceparent, newTraceparent } from '../trace-context.js';

/** The tracer of this process once startTracing ran with an endpoint; undefined means tracing is off. */
let tracer: Tracer | undefined;

/** What a hop's span is to the hop: the kinds of OpenTelemetry's messaging and HTTP conventions. */
export type HopKind = 'server' | 'producer' | 'consumer' | 'internal';

const KINDS: Readonly<Record<HopKind, SpanKind>> = {
  server: SpanKind.SERVER,
  producer: SpanKind.PRODUCER,
  consumer: SpanKind.CONSUMER,
  internal: SpanKind.INTERNAL,
};

/** One hop of an event: the traceparent it passes on, and the end of its span. */
export interface Hop {
  /** The W3C traceparent of this hop's span: what the next hop is a child of. */
  readonly traceparent: string;
  /** Ends the span (an error marks it failed). Once; does nothing when tracing is off. */
  end(error?: unknown): void;
}

const NO_SPAN = (): void => undefined;
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/**
 * Starts exporting this process's spans by OTLP/HTTP (JSON) to `${endpoint}/v1/traces`, named after
 * `service`. Without an endpoint tracing stays off: every hop then costs what it did before tracing
 * existed (a traceparent string), no span is made. Returns what flushes and stops the exporter.
 */
export function startTracing(service: string, endpoint: string | undefined): { shutdown: () => Promise<void> } {
  if (!endpoint) return { shutdown: () => Promise.resolve() };
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': service }),
    spanProcessors: [
      new BatchSpanProcessor(new OTLPTraceExporter({ url: `${endpoint.replace(/\/+$/, '')}/v1/traces` }), { scheduledDelayMillis: 1000 }),
    ],
  });
  tracer = provider.getTracer('@hub/observability');
  return {
    shutdown: async () => {
      tracer = undefined;
      // A collector that is gone loses the last spans; it never fails the app's stop.
      await provider.shutdown().catch(() => undefined);
    },
  };
}

/** Whether spans are made (OTEL_EXPORTER_OTLP_ENDPOINT set), so a hot path can skip all tracing work. */
export function tracingOn(): boolean {
  return tracer !== undefined;
}

/**
 * Starts the span of one hop as a child of `parent` (a W3C traceparent; a new trace without one).
 * Off: the child traceparent the hub always passed on, and nothing to end.
 */
export function startHop(name: string, parent: string | undefined, kind: HopKind, attributes?: Attributes): Hop {
  if (tracer === undefined) return { traceparent: parent ? childTraceparent(parent) : newTraceparent(), end: NO_SPAN };
  const span = tracer.startSpan(name, { kind: KINDS[kind], ...(attributes ? { attributes } : {}) }, parentContext(parent));
  return { traceparent: traceparentOf(span), end: (error?: unknown) => endSpan(span, error) };
}

/** A hop that is over as soon as it begins (a decision, a record written): its span is ended now. */
export function markHop(name: string, parent: string | undefined, kind: HopKind, attributes?: Attributes): string {
  const hop = startHop(name, parent, kind, attributes);
  hop.end();
  return hop.traceparent;
}

function parentContext(parent: string | undefined): typeof ROOT_CONTEXT {
  const match = parent === undefined ? null : TRACEPARENT.exec(parent);
  if (!match) return ROOT_CONTEXT;
  return trace.setSpanContext(ROOT_CONTEXT, {
    traceId: match[2] ?? '',
    spanId: match[3] ?? '',
    traceFlags: parseInt(match[4] ?? '01', 16),
    isRemote: true,
  });
}

function traceparentOf(span: Span): string {
  const context = span.spanContext();
  return `00-${context.traceId}-${context.spanId}-${context.traceFlags.toString(16).padStart(2, '0')}`;
}

function endSpan(span: Span, error: unknown): void {
  if (error !== undefined) {
    span.setStatus({
      code: SpanStatusCode.ERROR,
      message: error instanceof Error ? error.message : typeof error === 'string' ? error : 'failed',
    });
  }
  span.end();
}
