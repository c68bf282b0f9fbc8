/** What went wrong, at the first position where it shows. */
export type AuditProblemKind =
  /** The row's content no longer matches its hash. */
  | 'row-edited'
  /** A seq is missing: the row was deleted (in the middle, or at the end of a checkpoint's range). */
  | 'row-deleted'
  /** The row holds content (or is a whole row) that was sealed at another position. */
  | 'rows-reordered'
  /** The row's prev_hash is not its predecessor's hash, or a seq repeats: rows inserted, renumbered or relinked. */
  | 'chain-broken'
  /** A checkpoint's signature does not verify: the checkpoint was edited or forged. */
  | 'checkpoint-signature-invalid'
  /** A checkpoint was signed by a key the verifier was not given. */
  | 'checkpoint-key-unknown'
  /** The rows in a signed checkpoint's range no longer give its Merkle root: the chain was rewritten. */
  | 'checkpoint-root-mismatch'
  /** Rows lie between checkpoints or checkpoint ranges overlap: a checkpoint was deleted or inserted. */
  | 'checkpoint-missing'
  /** An archive anchor's signature does not verify, or names a key the verifier was not given. */
  | 'anchor-signature-invalid'
  /** The archived row at an anchor's seq does not have the anchor's hash. */
  | 'anchor-mismatch';

export interface AuditProblem {
  readonly kind: AuditProblemKind;
  /** The seq where the problem shows (for a checkpoint or anchor, the first seq it covers). */
  readonly seq: number;
  readonly message: string;
  readonly checkpointId?: number;
}
