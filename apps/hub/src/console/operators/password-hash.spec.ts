import { describe, expect, it } from '@jest/globals';
import { generatePassword, hashPassword, verifyPassword } from './password-hash.js';

describe('console password hashes', () => {
  it('stores scrypt with its parameters and a fresh salt, and verifies only the right password', async () => {
    const first = await hashPassword('correct horse battery');
    const second = await hashPassword('correct horse battery');
    expect(first).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(second).not.toBe(first);
    await expect(verifyPassword('correct horse battery', first)).resolves.toBe(true);
    await expect(verifyPassword('correct horse batterY', first)).resolves.toBe(false);
    await expect(verifyPassword('correct horse battery', 'md5$abc')).resolves.toBe(false);
  });

  it('generates passwords of 24 base64url characters that differ each time', () => {
    const password = generatePassword();
    expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(generatePassword()).not.toBe(password);
  });
});
