import { describe, expect, it } from '@jest/globals';
import { assertTestDatabase } from './test-database.js';
import { databaseName, redactUrl, withDatabase } from './ensure-database.js';

describe('test database guard', () => {
  it.each(['hub_test_1a2b', 'test', 'psb_test', 'test_x'])('allows %s', (name) => {
    expect(() => assertTestDatabase(`postgres://postgres@127.0.0.1:5432/${name}`)).not.toThrow();
  });

  it.each(['hub', 'postgres', 'contest', 'hub_testing', 'latest_hub'])('refuses %s', (name) => {
    expect(() => assertTestDatabase(`postgres://postgres@127.0.0.1:5432/${name}`)).toThrow(/Refusing to run tests/);
  });
});

describe('database URLs', () => {
  it('reads and swaps the database name, and hides the password in logs', () => {
    const url = 'postgres://hub:s3cret@db.example:5432/hub?sslmode=require';
    expect(databaseName(url)).toBe('hub');
    expect(databaseName(withDatabase(url, 'psb_adapter'))).toBe('psb_adapter');
    expect(withDatabase(url, 'psb_adapter')).toContain('sslmode=require');
    expect(redactUrl(url)).not.toContain('s3cret');
  });

  it('says what to add when the URL names no database', () => {
    expect(() => databaseName('postgres://hub:s3cret@db.example:5432')).toThrow(/names no database/);
    expect(() => databaseName('postgres://hub:s3cret@db.example:5432')).not.toThrow(/s3cret/);
  });
});
