/** How a GroupCommit combines submissions. */
export interface GroupCommitSettings {
  /** Combined writes running at once; further submissions wait and are combined into the next. */
  readonly maxInFlight: number;
  /** Most items in one combined write; a single submission larger than this runs alone. */
  readonly maxItems: number;
}

/** Writes some submissions' items as one: the result of each submission, in the order given. */
export type CombinedWrite<I, R> = (groups: readonly (readonly I[])[]) => Promise<R[]>;

interface Waiting<I, R> {
  readonly items: readonly I[];
  readonly resolve: (result: R) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Group commit in the application: submissions that arrive while `maxInFlight` combined writes are
 * running wait, and are then written together in one write (one statement, one commit, one WAL
 * flush), as a database groups the commits of concurrent transactions. A submission that finds a
 * free slot runs at once, so nothing waits for a timer and a lone request is not slowed down.
 *
 * A combined write that fails is not the failure of every submission in it: each is then written
 * alone, so one submission's error (a conflict, say) reaches that submission only, and the others
 * still succeed or fail on their own.
 */
export class GroupCommit<I, R> {
  private readonly queue: Waiting<I, R>[] = [];
  private inFlight = 0;

  constructor(
    private readonly write: CombinedWrite<I, R>,
    private readonly settings: GroupCommitSettings,
  ) {
    if (!(settings.maxInFlight >= 1) || !(settings.maxItems >= 1)) {
      throw new RangeError('GroupCommit needs maxInFlight ≥ 1 and maxItems ≥ 1');
    }
  }

  /** Writes `items` (alone or with others) and resolves with their result. */
  submit(items: readonly I[]): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ items, resolve, reject });
      this.pump();
    });
  }

  /** Submissions waiting for a slot (for tests and metrics). */
  get waiting(): number {
    return this.queue.length;
  }

  private pump(): void {
    while (this.inFlight < this.settings.maxInFlight && this.queue.length > 0) {
      const group = this.takeGroup();
      this.inFlight += 1;
      void this.run(group).finally(() => {
        this.inFlight -= 1;
        this.pump();
      });
    }
  }

  /** The oldest submissions whose items fit together in one write (at least one submission). */
  private takeGroup(): Waiting<I, R>[] {
    const group = [this.queue.shift() as Waiting<I, R>];
    let items = group[0]?.items.length ?? 0;
    while (this.queue.length > 0 && items + (this.queue[0]?.items.length ?? 0) <= this.settings.maxItems) {
      const next = this.queue.shift() as Waiting<I, R>;
      items += next.items.length;
      group.push(next);
    }
    return group;
  }

  private async run(group: readonly Waiting<I, R>[]): Promise<void> {
    try {
      const results = await this.write(group.map((waiting) => waiting.items));
      if (results.length !== group.length)
        throw new Error(`a combined write returned ${results.length} results for ${group.length} submissions`);
      group.forEach((waiting, index) => waiting.resolve(results[index] as R));
      return;
    } catch (error) {
      if (group.length === 1) {
        group[0]?.reject(error);
        return;
      }
    }
    // The combined write failed: each submission alone, in arrival order, so the failure reaches only its own.
    for (const waiting of group) {
      try {
        const [result] = await this.write([waiting.items]);
        waiting.resolve(result as R);
      } catch (error) {
        waiting.reject(error);
      }
    }
  }
}
