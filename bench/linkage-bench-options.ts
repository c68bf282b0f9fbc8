import { Command, InvalidArgumentError } from 'commander';

/** What `npm run bench:linkage` runs: the offered load, the drain it waits for, the people stored for the reads. */
export interface LinkageBenchOptions {
  readonly rate: number;
  readonly seconds: number;
  readonly seed: number;
  readonly partitions: number;
  readonly drainTimeout: number;
  /** People preloaded for the chain reads (0 skips them). */
  readonly people: number;
  readonly requests: number;
  /** Flags for the linkage process, e.g. `--cpu-prof --cpu-prof-dir=.cache/prof`. */
  readonly nodeArgs: readonly string[];
  /** Added to the results file's name (`before`, `after`). */
  readonly label: string;
  readonly keepDatabase: boolean;
}

const whole =
  (min: number) =>
  (text: string): number => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < min) throw new InvalidArgumentError(`must be a whole number ≥ ${min}`);
    return value;
  };

/** The options from the command line (`--help` lists them with their defaults). */
export function linkageBenchOptions(argv: readonly string[] = process.argv): LinkageBenchOptions {
  const opts = new Command()
    .name('bench:linkage')
    .option('--rate <n>', 'records/s offered onto agency.linkage.inbound', whole(1), 5_000)
    .option('--seconds <n>', 'length of the offered load', whole(1), 60)
    .option('--seed <n>', 'seed of the demo data set the records come from', whole(0), 7)
    .option('--partitions <n>', 'partitions of agency.linkage.inbound (the hub makes 6)', whole(1), 6)
    .option('--drain-timeout <s>', 'how long to wait after the load for the lag to reach 0', whole(1), 300)
    .option('--people <n>', 'people preloaded for the chain reads (0 skips them)', whole(0), 1_000_000)
    .option('--requests <n>', 'requests measured per read endpoint', whole(1), 2_000)
    .option('--node-args <flags>', 'Node flags for the linkage process (e.g. "--cpu-prof --cpu-prof-dir=.cache/prof")', '')
    .option('--label <text>', 'added to the results file name', '')
    .option('--keep-database', 'keep the benchmark database afterwards', false)
    .parse([...argv])
    .opts<{
      rate: number;
      seconds: number;
      seed: number;
      partitions: number;
      drainTimeout: number;
      people: number;
      requests: number;
      nodeArgs: string;
      label: string;
      keepDatabase: boolean;
    }>();
  if (opts.label !== '' && !/^[a-z0-9-]{1,40}$/.test(opts.label)) throw new InvalidArgumentError('--label must be 1–40 of a-z 0-9 -');
  return { ...opts, nodeArgs: opts.nodeArgs.split(' ').filter(Boolean) };
}
