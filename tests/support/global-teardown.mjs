// Stops the shared broker, also after failed tests; were jest killed instead, the broker's
// supervisor (docker/kafka-local/run-broker.sh) stops it when the jest process is gone.
export default async function globalTeardown() {
  await globalThis.__hubTestKafka?.stop();
}
