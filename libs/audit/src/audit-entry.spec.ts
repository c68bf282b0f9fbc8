import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { auditRetentionDays } from './archive-audit-trail.js';
import { AUDIT_ACTIONS, agencyActor, validateAuditEntry } from './audit-entry.js';
import type { AuditDetail } from './canonical-encoding.js';
import { anchorMessage, auditKeyId, checkpointMessage, publicKeysById, signAuditStatement, verifyAuditSignature } from './signing.js';

const entry = { actor: agencyActor('bureau-310000'), action: AUDIT_ACTIONS.eventPublished, purpose: 'permit-sharing' };

describe('validateAuditEntry', () => {
  it('accepts a well-formed entry and canonicalizes its detail', () => {
    expect(validateAuditEntry({ ...entry, eventId: 'B3E1C7A2-5F0D-4C1E-9A7B-0D2E3F4A5B6C', detail: { type: 'x', n: 1 } })).toEqual({
      ...entry,
      eventId: 'b3e1c7a2-5f0d-4c1e-9a7b-0d2e3f4a5b6c',
      detail: '{"n": 1, "type": "x"}',
    });
    expect(validateAuditEntry(entry)).toMatchObject({ eventId: null, detail: '{}' });
  });

  it.each([
    [{ actor: 'bureau-310000' }, /actor/],
    [{ actor: 'agency:bureau 310000' }, /actor/],
    [{ action: 'Published' }, /action/],
    [{ action: 'event' }, /action/],
    [{ purpose: 'Permit Sharing' }, /purpose/],
    [{ eventId: 'not-a-uuid' }, /eventId/],
    [{ detail: { amount: 1.5 } }, /safe integers/],
    [{ detail: { blob: 'x'.repeat(3000) } }, /2048 bytes/],
  ])('refuses %p', (change, message) => {
    expect(() => validateAuditEntry({ ...entry, ...change }, 3)).toThrow(message);
    expect(() => validateAuditEntry({ ...entry, ...change }, 3)).toThrow(/audit entry 3/);
  });

  it.each<AuditDetail>([
    { passportNo: 'E12345678' },
    { holder: { birth_date: '1988-04-12' } },
    { people: [{ Name: 'Amélie Durand' }] },
    { 'permit-no': '1' },
  ])('refuses details that name raw personal identifiers: %p', (detail) => {
    expect(() => validateAuditEntry({ ...entry, detail })).toThrow(/personal identifier/);
  });
});

describe('auditRetentionDays', () => {
  it('defaults to 183 days and accepts longer', () => {
    expect(auditRetentionDays()).toBe(183);
    expect(auditRetentionDays(365)).toBe(365);
  });

  it.each([182, 90, 0, -1, 183.5, Number.NaN])('refuses %p days: less than the six months the Cybersecurity Law requires', (days) => {
    expect(() => auditRetentionDays(days)).toThrow(/at least six months/);
  });
});

describe('checkpoint and anchor signatures', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const statement = { algorithm: 'sha256' as const, firstSeq: 1, lastSeq: 8, root: Buffer.alloc(32, 7), at: '2026-01-31T08:15:00.123000Z' };

  it('signs a fixed text of the statement', () => {
    expect(checkpointMessage(statement).toString()).toBe(
      `hub-audit-checkpoint/1\nsha256\n1\n8\n${'07'.repeat(32)}\n2026-01-31T08:15:00.123000Z`,
    );
    expect(anchorMessage({ algorithm: 'sm3', throughSeq: 8, lastHash: Buffer.alloc(32, 1), at: statement.at }).toString()).toBe(
      `hub-audit-anchor/1\nsm3\n8\n${'01'.repeat(32)}\n2026-01-31T08:15:00.123000Z`,
    );
  });

  it('verifies its own signature and no altered statement', () => {
    const signature = signAuditStatement(checkpointMessage(statement), privateKey);
    expect(verifyAuditSignature(checkpointMessage(statement), signature, publicKey)).toBe(true);
    expect(verifyAuditSignature(checkpointMessage({ ...statement, lastSeq: 9 }), signature, publicKey)).toBe(false);
    expect(verifyAuditSignature(checkpointMessage(statement), Buffer.alloc(3), publicKey)).toBe(false);
  });

  it('derives one key id from the private and the public half', () => {
    expect(auditKeyId(privateKey)).toBe(auditKeyId(publicKey));
    expect(auditKeyId(publicKey)).toMatch(/^ed25519:[0-9a-f]{16}$/);
    expect([...publicKeysById([privateKey]).keys()]).toEqual([auditKeyId(publicKey)]);
  });

  it('refuses keys that are not Ed25519', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
    expect(() => signAuditStatement(Buffer.from('x'), rsa.privateKey)).toThrow(/Ed25519 private key/);
    expect(() => signAuditStatement(Buffer.from('x'), publicKey)).toThrow(/Ed25519 private key/);
  });
});
