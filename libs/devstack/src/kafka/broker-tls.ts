// @peculiar/x509 and the contracts @hub/identity loads need the Reflect metadata API before they are evaluated.
import 'reflect-metadata';
import { createCa, issueServerTlsMaterial, openCa, type CaMaterial } from '@hub/identity';
import type { LocalKafkaSecurity } from './local-kafka.js';

/** The names a local broker's certificate is valid for: clients reach it on loopback. */
export const LOCAL_BROKER_HOSTNAMES = ['127.0.0.1', 'localhost'] as const;

/** A TLS identity for a local broker, issued by `ca` (the hub CA for `npm start`). */
export async function localBrokerTls(ca: CaMaterial, validDays = 30): Promise<LocalKafkaSecurity['tls']> {
  const { certificateChainPem, privateKeyPem, caCertificatePem } = await issueServerTlsMaterial(ca, [...LOCAL_BROKER_HOSTNAMES], validDays);
  return { certificateChainPem, privateKeyPem, caCertificatePem };
}

/**
 * A throwaway CA made with the hub CA's own code (same algorithm and extensions), for brokers of
 * tests and the benchmark that run without a hub database to hold the real one.
 */
export async function throwawayCa(commonName = 'Interagency Hub CA (test)'): Promise<CaMaterial> {
  const made = await createCa(commonName, 30);
  try {
    return await openCa(made.certificatePem, made.privateKeyPkcs8);
  } finally {
    made.privateKeyPkcs8.fill(0);
  }
}
