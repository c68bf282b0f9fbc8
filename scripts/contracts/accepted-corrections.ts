/**
 * Tightenings of released contracts accepted without a new version, because what they refuse was
 * never usable: the hub stored it and then no agency could (a `dataschema` that is not a URI fails
 * every CloudEvents SDK; a NUL in `signature` fails PostgreSQL; a name with nothing visible fails
 * every adapter's "not empty" check). Each entry names the exact field and new constraint, so any
 * other tightening still needs a new contract version.
 */
const CORRECTIONS: readonly { readonly field: RegExp; readonly change: string }[] = [
  { field: /^dataschema$/, change: 'format-changed: format null became "uri"' },
  {
    field: /^dataschema$/,
    change: String.raw`pattern-changed: must now match /^[A-Za-z][A-Za-z0-9+.-]*:(?:[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})+$/`,
  },
  { field: /^signature$/, change: String.raw`pattern-changed: must now match /^[^\u0000-\u001F\u007F-\u009F]*$/` },
  { field: /^data\./, change: String.raw`pattern-changed: must now match /[^\s\p{Cc}\p{Cf}\p{Z}]/` },
];

/** Whether a breaking change at `path` ("kind: detail") is one of the accepted corrections. */
export function isAcceptedCorrection(path: string, change: string): boolean {
  return CORRECTIONS.some((correction) => correction.field.test(path) && correction.change === change);
}
