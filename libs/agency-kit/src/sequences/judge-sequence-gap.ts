/** A subscription's open hole in its sequence: the first number missing and since when. */
export interface OpenGap {
  readonly expected: number | null;
  readonly since: Date | null;
}

/** A hole reported as a gap: the first sequence number missing and the one received after it. */
export interface SequenceGap {
  readonly expected: number;
  readonly received: number;
}

/**
 * Judges a subscription's sequence after `through` (every number up to it received), given the
 * lowest number received above it (`next`, undefined when none). Records of one subscription are
 * spread over the topic's partitions by person and so arrive out of sequence order: a hole is only
 * reported once it has stayed open for `graceMs`, and only when `report` (a live delivery is being
 * handled, not only a replay). A reported gap is then skipped: the caller moves `through` to
 * `received - 1` and judges again.
 */
export function judgeSequenceGap(
  open: OpenGap,
  through: number,
  next: number | undefined,
  now: Date,
  graceMs: number,
  report: boolean,
): { open: OpenGap; gap?: SequenceGap } {
  if (next === undefined) return { open: { expected: null, since: null } };
  const expected = through + 1;
  const since = open.expected === expected && open.since ? open.since : now;
  if (report && now.getTime() - since.getTime() >= graceMs) {
    return { open: { expected: null, since: null }, gap: { expected, received: next } };
  }
  return { open: { expected, since } };
}
