import type { Server } from 'node:http';
import type { HubConfig } from '../config/hub-config.js';

/**
 * Sets a listener's timeouts and header size from the configuration rather than Node's defaults:
 * a client gets HTTP_HEADERS_TIMEOUT_MS to send its headers and HTTP_REQUEST_TIMEOUT_MS for the
 * whole request (a slow sender is cut off, 408), an idle keep-alive connection closes after
 * HTTP_KEEP_ALIVE_TIMEOUT_MS, and headers beyond HTTP_MAX_HEADER_SIZE bytes get 431.
 */
export function applyServerLimits(server: Server, config: HubConfig): void {
  server.requestTimeout = config.HTTP_REQUEST_TIMEOUT_MS;
  server.headersTimeout = Math.min(config.HTTP_HEADERS_TIMEOUT_MS, config.HTTP_REQUEST_TIMEOUT_MS);
  server.keepAliveTimeout = config.HTTP_KEEP_ALIVE_TIMEOUT_MS;
  // Read by Node for every new connection (the server option of the same name).
  (server as Server & { maxHeaderSize?: number }).maxHeaderSize = config.HTTP_MAX_HEADER_SIZE;
}
