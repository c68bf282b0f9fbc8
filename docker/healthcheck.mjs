// Container health check for both apps, run by the image's HEALTHCHECK.
// hub: GET /health must answer 200 (it queries the database).
// psb-adapter: has no /health; a look-up of a permit that does not exist must answer below 500
// (404 when the adapter and its database are up).
const app = process.env.APP || 'hub';
const port = process.env.HTTP_PORT || (app === 'psb-adapter' ? '8081' : '8080');
const path = app === 'psb-adapter' ? '/v1/work-permits/000000000000000000' : '/health';

try {
  const response = await globalThis.fetch(`http://127.0.0.1:${port}${path}`, { signal: globalThis.AbortSignal.timeout(4000) });
  const healthy = app === 'psb-adapter' ? response.status < 500 : response.ok;
  if (!healthy) console.error(`${app} health check: GET ${path} answered ${response.status}`);
  process.exit(healthy ? 0 : 1);
} catch (error) {
  console.error(`${app} health check: GET ${path} failed: ${String(error)}`);
  process.exit(1);
}
