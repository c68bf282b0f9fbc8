import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';

/** Pages of the console: scripts, styles and data from the hub itself only; never framed. */
const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'same-origin',
};

const NOT_BUILT = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>控制台未构建 · Console not built</title></head>
<body><main><h1>控制台尚未构建 · The console is not built</h1>
<p>运行 <code>npm run build</code> 构建控制台，然后刷新本页。</p>
<p>Run <code>npm run build</code> to build the console web app, then reload this page.</p></main></body></html>`;

/**
 * Serves the console web app from `dir` at `/console/`: its files as they are (hashed assets
 * cached for a year), and `index.html` for every other page path, so the app's history-mode
 * routes load from a bookmark. `/console/api` is left to the API. Without a build, a page says so.
 */
export function serveConsoleWeb(dir: string): (request: Request, response: Response, next: NextFunction) => void {
  const root = resolve(dir);
  const index = resolve(root, 'index.html');
  const files = express.static(root, {
    index: false,
    fallthrough: true,
    setHeaders: (response, path) => {
      response.setHeader('Cache-Control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  return (request, response, next) => {
    if (request.path.startsWith('/api/') || request.path === '/api') return next();
    if (request.method !== 'GET' && request.method !== 'HEAD') return next();
    if (request.originalUrl === '/console') return response.redirect(308, '/console/');
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.setHeader(name, value);
    files(request, response, () => {
      response.setHeader('Cache-Control', 'no-cache');
      if (!existsSync(index)) {
        response.status(200).type('html').send(NOT_BUILT);
        return;
      }
      response.sendFile(index);
    });
  };
}
