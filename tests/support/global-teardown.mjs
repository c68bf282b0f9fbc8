// Stops the shared broker (and the embedded PostgreSQL, if one was started), also after failed
// tests; were jest killed instead, the broker's supervisor (docker/kafka-local/run-broker.sh) stops
// it when the jest process is gone.
export default async function globalTeardown() {
  const { kafka, postgres } = globalThis.__hubTestServices ?? {};
  await kafka?.stop();
  await postgres?.stop();
}
