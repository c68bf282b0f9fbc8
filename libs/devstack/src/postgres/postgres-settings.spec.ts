import { describe, expect, it } from '@jest/globals';
import { parsePostgresSettings, postgresServerSettings, postgresSettingArgs } from './postgres-settings.js';

describe('parsePostgresSettings', () => {
  it('reads name = value lines, leaving out comments and blank lines, and unquotes quoted values', () => {
    const text = [
      '# a comment',
      '',
      'max_wal_size = 8GB   # trailing comment',
      'checkpoint_timeout 15min',
      "log_line_prefix = '%m [%p] it''s '",
      'Autovacuum_Vacuum_Scale_Factor=0.05',
    ].join('\n');
    expect(parsePostgresSettings(text)).toEqual([
      { name: 'max_wal_size', value: '8GB' },
      { name: 'checkpoint_timeout', value: '15min' },
      { name: 'log_line_prefix', value: "%m [%p] it's " },
      { name: 'autovacuum_vacuum_scale_factor', value: '0.05' },
    ]);
  });

  it('names the line of anything else, and of a setting given twice', () => {
    expect(() => parsePostgresSettings('max_wal_size = 8GB\n= 1')).toThrow(
      'config/postgres.conf line 2: expected "name = value", got "= 1"',
    );
    expect(() => parsePostgresSettings('shared_buffers = 1 GB')).toThrow('line 1: expected "name = value"');
    expect(() => parsePostgresSettings('max_wal_size = 8GB\n\nMAX_WAL_SIZE = 4GB')).toThrow('line 3: max_wal_size is set twice');
  });

  it('turns settings into postgres -c options', () => {
    expect(
      postgresSettingArgs([
        { name: 'max_wal_size', value: '8GB' },
        { name: 'checkpoint_timeout', value: '15min' },
      ]),
    ).toEqual(['-c', 'max_wal_size=8GB', '-c', 'checkpoint_timeout=15min']);
  });

  it("reads the repository's config/postgres.conf", () => {
    const names = postgresServerSettings().map((setting) => setting.name);
    expect(names).toEqual(expect.arrayContaining(['max_wal_size', 'checkpoint_timeout']));
  });
});
