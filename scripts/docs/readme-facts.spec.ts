import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { hubProgram } from '../hub-cli/commands.js';

// The READMEs name commands, settings and routes that readers type in: each must exist. The English
// README is the full reference; the Chinese one may only name what the English one names.
const ROOT = process.cwd();
const READMES = ['README.md', 'README.zh-CN.md'] as const;
const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');
const scripts = Object.keys((JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts);

function cliCommands(): Set<string> {
  const names = new Set<string>();
  const program = hubProgram(
    () => Promise.resolve(''),
    () => undefined,
    () => undefined,
  );
  const walk = (command: Command, prefix: string): void => {
    for (const sub of command.commands) {
      const name = `${prefix}${sub.name()}`;
      names.add(name);
      walk(sub, `${name} `);
    }
  };
  walk(program, '');
  return names;
}

/** The backticked words of a text that match `pattern` as a whole. */
function backticked(text: string, pattern: RegExp): Set<string> {
  return new Set([...text.matchAll(/`([^`\n]+)`/g)].map((match) => match[1] ?? '').filter((word) => pattern.test(word)));
}

describe.each(READMES)('%s', (readme) => {
  const text = read(readme);

  it('names only npm scripts that package.json has', () => {
    const named = new Set([...text.matchAll(/npm run (?:--silent )?([a-z][a-z0-9:-]*)/g)].map((match) => match[1] ?? ''));
    expect(named.size).toBeGreaterThan(0);
    expect([...named].filter((name) => !scripts.includes(name))).toEqual([]);
  });

  it('names only hub CLI commands that exist', () => {
    const commands = cliCommands();
    const lines = [...text.matchAll(/npm run hub -- ((?:[a-z][a-z-]*)(?: [a-z][a-z-]*)?)/g)].map((match) => match[1] ?? '');
    expect(lines.length).toBeGreaterThan(0);
    // `group command`, or a group alone (its help).
    const unknown = lines.filter((line) => !commands.has(line) && !commands.has(line.split(' ')[0] ?? ''));
    expect(unknown).toEqual([]);
  });
});

describe('README.zh-CN.md beside README.md', () => {
  const english = read('README.md');
  const chinese = read('README.zh-CN.md');

  it('names only settings, routes and metrics that the English README documents', () => {
    const settings = backticked(chinese, /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/);
    const routes = new Set([...backticked(chinese, /^(GET |POST )?\/[a-z0-9/._{}-]*$/)].map((route) => route.replace(/^(GET|POST) /, '')));
    const metrics = backticked(chinese, /^[a-z]+(_[a-z0-9]+)+_(total|seconds|messages|leaves|pending|letters|cases|lag)$|^linkage_cases$/);
    expect(settings.size).toBeGreaterThan(5);
    expect(routes.size).toBeGreaterThan(3);
    expect(metrics.size).toBeGreaterThan(3);
    const missing = [...settings, ...routes, ...metrics].filter((fact) => !english.includes(fact.replace(/_seconds$/, '')));
    expect(missing).toEqual([]);
  });

  it('points to the English README, and the English README to it', () => {
    expect(chinese).toContain('(README.md)');
    expect(english).toContain('(README.zh-CN.md)');
  });
});
