// Container health check for every app, run by the image's HEALTHCHECK.
// hub: GET /health must answer 200 (it queries the database).
// psb-adapter and linkage: GET /health must answer 200 as well (each queries its own database).
const app = process.env.APP || 'hub';
const port = process.env.HTTP_PORT || { 'psb-adapter': '8081', linkage: '8082' }[app] || '8080';
const path = '/health';

try {
  const response = await globalThis.fetch(`http://127.0.0.1:${port}${path}`, { signal: globalThis.AbortSignal.timeout(4000) });
  const healthy = response.ok;
  if (!healthy) console.error(`${app} health check: GET ${path} answered ${response.status}`);
  process.exit(healthy ? 0 : 1);
} catch (error) {
  console.error(`${app} health check: GET ${path} failed: ${String(error)}`);
  process.exit(1);
}
