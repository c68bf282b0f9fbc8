import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// `npm test` and `npm start` run on the Node that the `node` devDependency installs into
// node_modules/.bin, whatever Node the machine has; the apps, the CLIs and the test brokers' helpers
// are started with process.execPath, so they run on it too.
const manifest = JSON.parse(readFileSync(join(process.cwd(), 'package.json'), 'utf8')) as {
  readonly devDependencies: Readonly<Record<string, string>>;
  readonly engines: { readonly node: string };
};

describe("the project's Node", () => {
  it('runs the tests', () => {
    expect(process.version).toBe(`v${manifest.devDependencies.node}`);
  });

  it('is the major version the engines field asks for and the Node types describe', () => {
    const [major] = process.versions.node.split('.');
    expect(manifest.engines.node).toMatch(new RegExp(`^>=${major}\\.`));
    expect(manifest.devDependencies['@types/node']?.split('.')[0]).toBe(major);
  });
});
