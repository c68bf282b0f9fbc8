import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';

const root = join(import.meta.dirname, '..', '..');
const json = <T>(file: string): T => JSON.parse(readFileSync(join(root, file), 'utf8')) as T;
const folders = (parent: string): string[] =>
  readdirSync(join(root, parent), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();

interface NestProject {
  type: 'application' | 'library';
  root: string;
  entryFile: string;
  sourceRoot: string;
}

/**
 * tsconfig.json's `paths` is the one list of @hub/* aliases (the build, jest and dependency-cruiser
 * read it); nest-cli.json describes the same workspace for Nest's tooling, so both must name every
 * library under libs/ and every runnable app under apps/, and nothing else.
 */
describe('the workspace layout', () => {
  const paths = json<{ compilerOptions: { paths: Record<string, string[]> } }>('tsconfig.json').compilerOptions.paths;
  const projects = json<{ projects: Record<string, NestProject> }>('nest-cli.json').projects;
  const libs = folders('libs');
  const runnableApps = folders('apps').filter((app) => existsSync(join(root, 'apps', app, 'src', 'main.ts')));

  it('has one @hub alias per library, pointing at its index', () => {
    expect(Object.keys(paths).sort()).toEqual(libs.map((lib) => `@hub/${lib}`));
    for (const lib of libs) expect(paths[`@hub/${lib}`]).toEqual([`./libs/${lib}/src/index.ts`]);
  });

  it('lists every library and runnable app in nest-cli.json, as the folders are', () => {
    const listed = (type: NestProject['type']): string[] =>
      Object.entries(projects)
        .filter(([, project]) => project.type === type)
        .map(([name]) => name)
        .sort();
    expect(listed('library')).toEqual(libs);
    expect(listed('application')).toEqual(runnableApps);
    for (const [name, project] of Object.entries(projects)) {
      const folder = project.type === 'library' ? 'libs' : 'apps';
      expect(project).toEqual({
        type: project.type,
        root: `${folder}/${name}`,
        entryFile: project.type === 'library' ? 'index' : 'main',
        sourceRoot: `${folder}/${name}/src`,
      });
    }
  });
});
