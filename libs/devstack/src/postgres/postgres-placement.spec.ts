import { basename } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { canTraverse, choosePostgresPlacement, earlierCloneFolders, perCloneFolder, type DirectoryMode } from './postgres-placement.js';

const ROOT = { uid: 0, gid: 0 };
const POSTGRES = { uid: 101, gid: 104 };
/** A file system where /root is mode 700 and everything else is world-searchable. */
const dirs: Record<string, DirectoryMode> = {
  '/': { ...ROOT, mode: 0o755 },
  '/root': { ...ROOT, mode: 0o700 },
  '/root/x': { ...ROOT, mode: 0o755 },
  '/home': { ...ROOT, mode: 0o755 },
  '/home/ann': { uid: 1000, gid: 1000, mode: 0o750 },
  '/srv': { ...ROOT, mode: 0o755 },
  '/srv/hub': { ...ROOT, mode: 0o755 },
  '/var/tmp': { ...ROOT, mode: 0o1777 },
};
const statOf = (dir: string): DirectoryMode | undefined => dirs[dir];

describe('where the embedded PostgreSQL runs from', () => {
  it('sees that the postgres user cannot pass through a mode-700 home, nor a 750 one of another group', () => {
    expect(canTraverse('/root/x/node_modules/pg/bin', POSTGRES, statOf)).toBe(false);
    expect(canTraverse('/home/ann/hub/.cache/dev/postgres', POSTGRES, statOf)).toBe(false);
    expect(canTraverse('/home/ann/hub', { uid: 1000, gid: 1000 }, statOf)).toBe(true);
    expect(canTraverse('/srv/hub/.cache/dev/postgres', POSTGRES, statOf)).toBe(true);
  });

  it('keeps binaries and data in the clone when the server runs as the current user, or can reach them', () => {
    const common = { outside: '/var/tmp/hub-dev-1', version: '18.4.0', statOf };
    expect(choosePostgresPlacement({ ...common, installDir: '/root/x/nm/native', dataDir: '/root/x/.cache/pg', runAs: undefined })).toEqual(
      {
        installDir: '/root/x/nm/native',
        dataDir: '/root/x/.cache/pg',
        notes: [],
      },
    );
    expect(
      choosePostgresPlacement({ ...common, installDir: '/srv/hub/nm/native', dataDir: '/srv/hub/.cache/pg', runAs: POSTGRES }),
    ).toEqual({
      installDir: '/srv/hub/nm/native',
      dataDir: '/srv/hub/.cache/pg',
      notes: [],
    });
  });

  it('moves binaries and data to a per-clone folder outside when the postgres user cannot reach the clone', () => {
    const placement = choosePostgresPlacement({
      installDir: '/root/x/nm/native',
      dataDir: '/root/x/.cache/pg',
      runAs: POSTGRES,
      outside: '/var/tmp/hub-dev-1',
      version: '18.4.0',
      statOf,
    });
    expect(placement).toEqual({
      installDir: '/var/tmp/hub-dev-1/postgres-18.4.0',
      dataDir: '/var/tmp/hub-dev-1/postgres-data',
      copyFrom: '/root/x/nm/native',
      notes: expect.any(Array) as unknown as string[],
    });
    expect(placement.notes).toHaveLength(2);
  });

  it('names one folder per clone, the same on every run', () => {
    expect(perCloneFolder('/var/tmp', '/root/x')).toBe(perCloneFolder('/var/tmp', '/root/x/'));
    expect(perCloneFolder('/var/tmp', '/root/x')).not.toBe(perCloneFolder('/var/tmp', '/root/y'));
    expect(perCloneFolder('/var/tmp', '/root/x')).toMatch(/^\/var\/tmp\/hub-dev-[0-9a-f]{12}$/);
    expect(perCloneFolder('/var/tmp', '/root/x', 'a1b2c3d4e5f6')).toBe(`${perCloneFolder('/var/tmp', '/root/x')}-a1b2c3d4e5f6`);
  });

  it('finds the folders earlier clones at the same path left, and only those', () => {
    const legacy = perCloneFolder('/var/tmp', '/root/x');
    const current = perCloneFolder('/var/tmp', '/root/x', '000000000002');
    const other = perCloneFolder('/var/tmp', '/root/y', '000000000001');
    const names = [legacy, current, other, perCloneFolder('/var/tmp', '/root/x', '000000000001'), '/var/tmp/unrelated'].map((f) =>
      basename(f),
    );
    expect(earlierCloneFolders('/var/tmp', '/root/x', current, names)).toEqual([legacy, `${legacy}-000000000001`]);
    expect(earlierCloneFolders('/var/tmp', '/root/z', current, names)).toEqual([]);
  });
});
