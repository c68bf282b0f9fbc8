import { createServer, type RequestListener, type Server, type ServerOptions } from 'node:http';
import type { NestApplicationOptions } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import type { HubConfig } from '../config/hub-config.js';

/** How often Node looks for requests past their timeouts (its default, 30 s, would let a slow client stay that much longer). */
const TIMEOUT_CHECK_INTERVAL_MS = 1000;

/**
 * A listener's timeouts and header size from the configuration rather than Node's defaults: a
 * client gets HTTP_HEADERS_TIMEOUT_MS to send its headers and HTTP_REQUEST_TIMEOUT_MS for the whole
 * request (then 408 and the connection closes), and headers beyond HTTP_MAX_HEADER_SIZE bytes get 431.
 */
export function serverOptions(config: HubConfig): ServerOptions {
  return {
    requestTimeout: config.HTTP_REQUEST_TIMEOUT_MS,
    headersTimeout: Math.min(config.HTTP_HEADERS_TIMEOUT_MS, config.HTTP_REQUEST_TIMEOUT_MS),
    maxHeaderSize: config.HTTP_MAX_HEADER_SIZE,
    connectionsCheckingInterval: TIMEOUT_CHECK_INTERVAL_MS,
  };
}

/**
 * An idle keep-alive connection closes after HTTP_KEEP_ALIVE_TIMEOUT_MS (a property, not a server
 * option). A request with `Expect: 100-continue` goes to the app like any other instead of being
 * told to send its body at once: the body reader says "continue" only once the request is admitted.
 */
export function applyKeepAlive(server: Server, config: HubConfig, app: RequestListener): void {
  server.keepAliveTimeout = config.HTTP_KEEP_ALIVE_TIMEOUT_MS;
  server.on('checkContinue', app);
}

/** Nest's Express adapter, listening on an HTTP server made with serverOptions. */
export class LimitedExpressAdapter extends ExpressAdapter {
  constructor(private readonly config: HubConfig) {
    super();
  }

  override initHttpServer(options: NestApplicationOptions): void {
    super.initHttpServer(options);
    const server = createServer(serverOptions(this.config), this.getInstance());
    applyKeepAlive(server, this.config, this.getInstance<RequestListener>());
    this.httpServer = server;
  }
}
