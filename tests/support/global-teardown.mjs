// Stops the shared broker (and the embedded PostgreSQL, if one was started), also after failed
// tests; were jest killed instead, the broker's supervisor (docker/kafka-local/run-broker.sh) stops
// it when the jest process is gone.
export default async function globalTeardown() {
  const { kafka, postgres } = globalThis.__hubTestServices ?? {};
  // Called once per project that ran (see global-setup.mjs); the first call stops what is shared.
  globalThis.__hubTestServices = undefined;
  await kafka?.stop();
  await postgres?.stop();
}
