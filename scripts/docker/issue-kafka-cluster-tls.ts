// One-shot service `kafka-tls` of docker/compose.yml: the brokers' CA and certificates, made when
// missing. usage: node dist/scripts/docker/issue-kafka-cluster-tls.js CA_PRIVATE_DIR CA_PUBLIC_DIR HOST=DIR…
import { ensureKafkaClusterTls } from './kafka-cluster-tls.js';

/** The uid and gid of the `appuser` of apache/kafka and the `node` user of the hub's image. */
const RUNTIME_USER = 1000;

async function main(args: readonly string[]): Promise<void> {
  const [caPrivateDir, caPublicDir, ...brokerArgs] = args;
  const brokers = brokerArgs.map((arg) => {
    const [hostname, dir] = arg.split('=');
    if (!hostname || !dir) throw new Error(`Broker argument "${arg}" must be HOST=DIR, e.g. kafka-1=/tls/kafka-1.`);
    return { hostname, dir };
  });
  if (!caPrivateDir || !caPublicDir || brokers.length === 0) {
    throw new Error('usage: issue-kafka-cluster-tls CA_PRIVATE_DIR CA_PUBLIC_DIR HOST=DIR [HOST=DIR…]');
  }
  const asRoot = process.getuid?.() === 0;
  const report = await ensureKafkaClusterTls({
    caPrivateDir,
    caPublicDir,
    brokers,
    ...(asRoot ? { owner: { uid: RUNTIME_USER, gid: RUNTIME_USER } } : {}),
  });
  console.log(JSON.stringify({ message: 'Kafka TLS material ready', ...report }));
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
