import { describe, expect, it } from '@jest/globals';
import { GroupCommit } from './group-commit.js';

/** A write whose calls stay open until released, recording what each call was given. */
function controlledWrite() {
  const calls: { groups: string[][]; release: (results?: string[]) => void; fail: (error: Error) => void }[] = [];
  const write = (groups: readonly (readonly string[])[]) =>
    new Promise<string[]>((resolve, reject) => {
      calls.push({
        groups: groups.map((g) => [...g]),
        release: (results) => resolve(results ?? groups.map((g) => g.join('+'))),
        fail: reject,
      });
    });
  return { calls, write };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('GroupCommit', () => {
  it('runs a lone submission at once, alone', async () => {
    const { calls, write } = controlledWrite();
    const commit = new GroupCommit(write, { maxInFlight: 1, maxItems: 100 });
    const result = commit.submit(['a']);
    expect(calls.map((c) => c.groups)).toEqual([[['a']]]);
    calls[0]?.release();
    await expect(result).resolves.toBe('a');
  });

  it('combines the submissions that arrive while a write is running into the next write, in arrival order', async () => {
    const { calls, write } = controlledWrite();
    const commit = new GroupCommit(write, { maxInFlight: 1, maxItems: 100 });
    const first = commit.submit(['a']);
    const second = commit.submit(['b', 'c']);
    const third = commit.submit(['d']);
    expect(calls).toHaveLength(1);
    expect(commit.waiting).toBe(2);
    calls[0]?.release();
    await first;
    await flush();
    expect(calls[1]?.groups).toEqual([['b', 'c'], ['d']]);
    calls[1]?.release();
    await expect(second).resolves.toBe('b+c');
    await expect(third).resolves.toBe('d');
  });

  it('keeps a combined write within maxItems, and runs a larger submission alone', async () => {
    const { calls, write } = controlledWrite();
    const commit = new GroupCommit(write, { maxInFlight: 1, maxItems: 3 });
    const running = commit.submit(['x']);
    const results = [commit.submit(['a', 'b']), commit.submit(['c', 'd']), commit.submit(['e', 'f', 'g', 'h'])];
    calls[0]?.release();
    await running;
    for (let i = 1; i <= 3; i += 1) {
      await flush();
      calls[i]?.release();
    }
    expect(calls.map((c) => c.groups)).toEqual([[['x']], [['a', 'b']], [['c', 'd']], [['e', 'f', 'g', 'h']]]);
    await expect(Promise.all(results)).resolves.toEqual(['a+b', 'c+d', 'e+f+g+h']);
  });

  it('runs up to maxInFlight writes at once', () => {
    const { calls, write } = controlledWrite();
    const commit = new GroupCommit(write, { maxInFlight: 2, maxItems: 100 });
    void commit.submit(['a']);
    void commit.submit(['b']);
    void commit.submit(['c']);
    expect(calls.map((c) => c.groups)).toEqual([[['a']], [['b']]]);
    expect(commit.waiting).toBe(1);
  });

  it('when a combined write fails, writes each submission alone so only the failing one gets the error', async () => {
    const { calls, write } = controlledWrite();
    const commit = new GroupCommit(write, { maxInFlight: 1, maxItems: 100 });
    const first = commit.submit(['a']);
    const good = commit.submit(['b']);
    const bad = commit.submit(['conflict']);
    calls[0]?.release();
    await first;
    await flush();
    calls[1]?.fail(new Error('conflict somewhere'));
    await flush();
    expect(calls[2]?.groups).toEqual([['b']]);
    calls[2]?.release();
    await flush();
    expect(calls[3]?.groups).toEqual([['conflict']]);
    calls[3]?.fail(new Error('conflict: yours'));
    await expect(good).resolves.toBe('b');
    await expect(bad).rejects.toThrow('conflict: yours');
  });

  it('passes a lone submission its own error', async () => {
    const commit = new GroupCommit<string, string>(() => Promise.reject(new Error('database away')), { maxInFlight: 1, maxItems: 10 });
    await expect(commit.submit(['a'])).rejects.toThrow('database away');
  });

  it('refuses settings that could never write', () => {
    expect(() => new GroupCommit(() => Promise.resolve([]), { maxInFlight: 0, maxItems: 1 })).toThrow(RangeError);
    expect(() => new GroupCommit(() => Promise.resolve([]), { maxInFlight: 1, maxItems: 0 })).toThrow(RangeError);
  });
});
