import { pbkdf2 } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { startNodeService } from './node-service.js';

/** startNodeService's log: everything a process wrote is in the file once `exited` resolves. */
describe('startNodeService', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'node-service-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('has the whole output of both streams in the log when exited resolves, also when it came just before the exit', async () => {
    const entry = join(scratch, 'burst.cjs');
    // 4 MiB on stdout and a last line on stderr, then the end: the pipes still hold much of it as the process exits.
    writeFileSync(
      entry,
      `const line = 'x'.repeat(1023) + '\\n';
       for (let n = 0; n < 4096; n += 1) process.stdout.write(line);
       process.stderr.write('last line\\n');
       process.exitCode = 3;`,
    );
    for (let run = 0; run < 6; run += 1) {
      const log = join(scratch, `burst-${run}.log`);
      const service = startNodeService('burst', entry, {}, log);
      // A busy thread pool (where the log file's writes run), as on a loaded machine: the writes lag the exit.
      const busy = Array.from({ length: 8 }, () => new Promise((resolve) => pbkdf2('p', 's', 300_000, 32, 'sha256', resolve)));
      expect(await service.exited).toBe(3);
      const text = readFileSync(log, 'utf8');
      expect(text.length).toBe(4096 * 1024 + 'last line\n'.length);
      expect(text.split('\n').filter((l) => l === 'last line')).toHaveLength(1);
      await Promise.all(busy);
    }
  });
});
