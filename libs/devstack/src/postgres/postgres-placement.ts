import { createHash } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';

/** The user PostgreSQL runs as (it refuses root); undefined when it runs as the current user. */
export interface RunAs {
  readonly uid: number;
  readonly gid: number;
}

/** What `stat` tells about one directory on the way to a path. */
export interface DirectoryMode {
  readonly uid: number;
  readonly gid: number;
  readonly mode: number;
}

/**
 * Whether `user` may pass through every directory from the root down to `path` (search permission,
 * by the owner, group or other bits; supplementary groups and ACLs are not counted, so the answer
 * errs on "no"). A directory that does not exist yet is checked through its nearest existing parent.
 */
export function canTraverse(path: string, user: RunAs, statOf: (dir: string) => DirectoryMode | undefined): boolean {
  for (let dir = resolve(path); ; dir = dirname(dir)) {
    const stat = statOf(dir);
    if (stat) {
      const bit = stat.uid === user.uid ? 0o100 : stat.gid === user.gid ? 0o010 : 0o001;
      if ((stat.mode & bit) === 0) return false;
    }
    if (dir === dirname(dir)) return true;
  }
}

/** Where the embedded PostgreSQL runs from and keeps its data. */
export interface PostgresPlacement {
  /** The folder holding `bin/`, `lib/` and `share/` of the PostgreSQL binaries. */
  readonly installDir: string;
  readonly dataDir: string;
  /** Set when the binaries must first be copied from `copyFrom` to `installDir`. */
  readonly copyFrom?: string;
  /** Why a folder was moved out of the clone, for the user (empty when nothing moved). */
  readonly notes: readonly string[];
}

/**
 * The folder outside the clone for one clone's PostgreSQL: `<base>/hub-dev-<hash of the clone's
 * path>-<cloneId>`. The id is random per clone and kept in the clone (beside the local keys), so
 * the folder is the same on every run of one clone, and a new clone at the same path (new keys)
 * never opens the database the earlier clone's keys encrypted. Without an id: the folder of a
 * clone from before ids were kept, `<base>/hub-dev-<hash of the path>`.
 */
export function perCloneFolder(base: string, cloneRoot: string, cloneId?: string): string {
  const prefix = `hub-dev-${pathHash(cloneRoot)}`;
  return join(base, cloneId === undefined ? prefix : `${prefix}-${cloneId}`);
}

/** Folders under `base` that earlier clones at the same path left, other than `current`. */
export function earlierCloneFolders(base: string, cloneRoot: string, current: string, entries: readonly string[]): string[] {
  const prefix = `hub-dev-${pathHash(cloneRoot)}`;
  return entries
    .filter((name) => (name === prefix || name.startsWith(`${prefix}-`)) && join(base, name) !== current)
    .sort()
    .map((name) => join(base, name));
}

function pathHash(cloneRoot: string): string {
  return createHash('sha256').update(resolve(cloneRoot)).digest('hex').slice(0, 12);
}

/**
 * Where to run PostgreSQL from: the binaries in `node_modules` and the data in the clone when the
 * user PostgreSQL runs as can reach them; otherwise (a clone under a mode-700 home, such as
 * /root/…, when PostgreSQL runs as the `postgres` user) copies of the binaries and the data folder
 * under `outside` (a per-clone folder in /var/tmp), which that user can reach.
 */
export function choosePostgresPlacement(options: {
  readonly installDir: string;
  readonly dataDir: string;
  readonly runAs: RunAs | undefined;
  readonly outside: string;
  readonly version: string;
  readonly statOf: (dir: string) => DirectoryMode | undefined;
}): PostgresPlacement {
  const { installDir, dataDir, runAs, outside, version, statOf } = options;
  if (!runAs) return { installDir, dataDir, notes: [] };
  const notes: string[] = [];
  const binariesReachable = canTraverse(join(installDir, 'bin'), runAs, statOf);
  const dataReachable = canTraverse(dataDir, runAs, statOf);
  if (!binariesReachable) notes.push(`the PostgreSQL binaries are copied to ${join(outside, `postgres-${version}`)}`);
  if (!dataReachable) notes.push(`its data is kept in ${join(outside, 'postgres-data')}`);
  return {
    installDir: binariesReachable ? installDir : join(outside, `postgres-${version}`),
    dataDir: dataReachable ? dataDir : join(outside, 'postgres-data'),
    ...(binariesReachable ? {} : { copyFrom: installDir }),
    notes,
  };
}
