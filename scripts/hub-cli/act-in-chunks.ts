/** One chunk's answer: how many dead letters it acted on, and how many of the selection remain. */
export interface ChunkAnswer {
  readonly acted: number;
  readonly remaining: number;
}

/** A bulk action that failed part-way; `done` of `total` were acted on before `cause`. */
export class ChunkedActionError extends Error {
  constructor(
    readonly done: number,
    readonly total: number | undefined,
    override readonly cause: unknown,
  ) {
    super(`stopped after ${done}${total === undefined ? '' : ` of ${total}`}: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

/**
 * Sends a bulk action chunk by chunk (`act(limit)`, one request each) until nothing of the
 * selection remains. The first answer fixes the total (acted + remaining), and no more than that
 * is asked for: a delivery that fails again at once and re-enters the dead letters is not chased
 * for ever. Also stops when a chunk acts on nothing. `onProgress` hears after every chunk.
 */
export async function actInChunks(
  act: (limit: number) => Promise<ChunkAnswer>,
  chunkSize: number,
  onProgress: (done: number, total: number) => void,
): Promise<{ done: number; remaining: number }> {
  let done = 0;
  let total: number | undefined;
  for (;;) {
    let answer: ChunkAnswer;
    try {
      answer = await act(Math.min(chunkSize, (total ?? Number.POSITIVE_INFINITY) - done));
    } catch (error) {
      throw new ChunkedActionError(done, total, error);
    }
    done += answer.acted;
    total ??= answer.acted + answer.remaining;
    onProgress(done, total);
    if (answer.remaining === 0 || answer.acted === 0 || done >= total) return { done, remaining: answer.remaining };
  }
}

/** A chunk's answer from the hub's JSON (`{ redriven, remaining }` or `{ discarded, remaining }`); throws when it is not one. */
export function readChunkAnswer(body: unknown, countKey: string): ChunkAnswer {
  const answer = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const acted = answer[countKey];
  const remaining = answer['remaining'];
  if (!isCount(acted) || !isCount(remaining)) {
    throw new Error(
      `the hub answered ${JSON.stringify(body)}, not { "${countKey}": n, "remaining": m }: a hub without limit and remaining acts on the whole selection at once, so check what is left with deliveries dead-letters`,
    );
  }
  return { acted, remaining };
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}
