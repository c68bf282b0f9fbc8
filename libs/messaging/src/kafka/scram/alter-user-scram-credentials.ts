import { createRequire } from 'node:module';

/**
 * Kafka's AlterUserScramCredentials request (API key 51, version 0, KIP-554), which kafkajs 2.2.4
 * does not implement. Encoded and decoded here with kafkajs's own Encoder and Decoder and sent over
 * a kafkajs Connection (see scram-admin-connection.ts).
 *
 * Version 0 is a flexible version: request header v2 (kafkajs writes v1, so the body starts with the
 * header's empty tagged-field byte), compact strings/arrays/bytes (length + 1 as unsigned varint)
 * and a tagged-field section closing every structure; the response header is v1 (one tagged-field
 * byte after the correlation id, which kafkajs leaves in the payload).
 */
export const ALTER_USER_SCRAM_CREDENTIALS = { apiKey: 51, apiVersion: 0, apiName: 'AlterUserScramCredentials' } as const;

/** Kafka's ScramMechanism codes. */
export const SCRAM_SHA_512 = 2;

export interface ScramUpsertion {
  readonly name: string;
  readonly mechanism: number;
  readonly iterations: number;
  readonly salt: Buffer;
  readonly saltedPassword: Buffer;
}

export interface ScramDeletion {
  readonly name: string;
  readonly mechanism: number;
}

/** One user's outcome: `errorCode` 0 is success. */
export interface ScramAlterationResult {
  readonly user: string;
  readonly errorCode: number;
  readonly errorMessage: string | null;
}

/** The minimal part of kafkajs's Encoder used here. */
interface KafkaEncoder {
  writeInt8(value: number): KafkaEncoder;
  writeInt32(value: number): KafkaEncoder;
  writeUVarInt(value: number): KafkaEncoder;
  writeUVarIntString(value: string): KafkaEncoder;
  writeBuffer(value: Buffer): KafkaEncoder;
}

interface KafkaDecoder {
  readInt16(): number;
  readInt32(): number;
  readUVarInt(): number;
  readUVarIntString(): string | null;
  readTaggedFields(): void;
}

const require = createRequire(import.meta.url);
const Encoder = require('kafkajs/src/protocol/encoder') as new () => KafkaEncoder;
const Decoder = require('kafkajs/src/protocol/decoder') as new (buffer: Buffer) => KafkaDecoder;

/** The request object a kafkajs Connection's `send` takes. */
export function alterUserScramCredentialsRequest(deletions: readonly ScramDeletion[], upsertions: readonly ScramUpsertion[]) {
  return {
    request: {
      ...ALTER_USER_SCRAM_CREDENTIALS,
      encode: (): Promise<KafkaEncoder> => Promise.resolve(encodeBody(deletions, upsertions)),
    },
    response: {
      decode: (payload: Buffer): Promise<ScramAlterationResult[]> => Promise.resolve(decodeResponse(payload)),
      parse: (results: ScramAlterationResult[]): Promise<ScramAlterationResult[]> => Promise.resolve(results),
    },
  };
}

export function encodeBody(deletions: readonly ScramDeletion[], upsertions: readonly ScramUpsertion[]): KafkaEncoder {
  const encoder = new Encoder();
  encoder.writeUVarInt(0); // request header v2: no tagged fields
  encoder.writeUVarInt(deletions.length + 1);
  for (const { name, mechanism } of deletions) {
    encoder.writeUVarIntString(name).writeInt8(mechanism).writeUVarInt(0);
  }
  encoder.writeUVarInt(upsertions.length + 1);
  for (const { name, mechanism, iterations, salt, saltedPassword } of upsertions) {
    encoder.writeUVarIntString(name).writeInt8(mechanism).writeInt32(iterations);
    encoder.writeUVarInt(salt.length + 1).writeBuffer(salt);
    encoder.writeUVarInt(saltedPassword.length + 1).writeBuffer(saltedPassword);
    encoder.writeUVarInt(0);
  }
  encoder.writeUVarInt(0);
  return encoder;
}

export function decodeResponse(payload: Buffer): ScramAlterationResult[] {
  const decoder = new Decoder(payload);
  decoder.readTaggedFields(); // response header v1
  decoder.readInt32(); // throttle time
  const count = decoder.readUVarInt() - 1;
  const results: ScramAlterationResult[] = [];
  for (let i = 0; i < count; i += 1) {
    const user = decoder.readUVarIntString() ?? '';
    const errorCode = decoder.readInt16();
    const errorMessage = decoder.readUVarIntString();
    decoder.readTaggedFields();
    results.push({ user, errorCode, errorMessage });
  }
  decoder.readTaggedFields();
  return results;
}
