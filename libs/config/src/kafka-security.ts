import { readFileSync } from 'node:fs';

/** SASL/SCRAM-SHA-512 over TLS, as every Kafka client of the hub connects (same shape as @hub/messaging's KafkaSecurity). */
export interface KafkaClientSecurity {
  readonly sasl: { readonly mechanism: 'scram-sha-512'; readonly username: string; readonly password: string };
  readonly ssl: { readonly ca: readonly string[] };
}

/** The settings a Kafka client's security is read from. */
export interface KafkaSecuritySettings {
  readonly KAFKA_SASL_USERNAME: string;
  readonly KAFKA_SASL_PASSWORD: string | undefined;
  readonly KAFKA_SASL_PASSWORD_FILE: string | undefined;
  readonly KAFKA_TLS_CA_FILE: string;
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\s]+-----END CERTIFICATE-----/;

/**
 * Reads the password file and the CA file the settings name. Throws an error naming the setting
 * and the file when one cannot be read or holds no certificate; the secret itself is never in it.
 */
export function readKafkaSecurity(settings: KafkaSecuritySettings): KafkaClientSecurity {
  const password = settings.KAFKA_SASL_PASSWORD ?? readSetting('KAFKA_SASL_PASSWORD_FILE', settings.KAFKA_SASL_PASSWORD_FILE).trim();
  if (password === '')
    throw new Error(`KAFKA_SASL_PASSWORD_FILE: ${settings.KAFKA_SASL_PASSWORD_FILE ?? ''} is empty; put the Kafka password in it.`);
  const ca = readSetting('KAFKA_TLS_CA_FILE', settings.KAFKA_TLS_CA_FILE);
  if (!PEM_CERTIFICATE.test(ca)) {
    throw new Error(
      `KAFKA_TLS_CA_FILE: ${settings.KAFKA_TLS_CA_FILE} holds no PEM certificate (-----BEGIN CERTIFICATE-----); give the hub CA's certificate (GET /v1/ca/certificate).`,
    );
  }
  return { sasl: { mechanism: 'scram-sha-512', username: settings.KAFKA_SASL_USERNAME, password }, ssl: { ca: [ca] } };
}

function readSetting(name: string, file: string | undefined): string {
  if (file === undefined) throw new Error(`${name} is not set.`);
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`${name}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)}).`, { cause: error });
  }
}
