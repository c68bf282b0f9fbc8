import type { ConsoleRole } from '../operators/console-operator.js';

/** The operator a console request was made by, as its session says. */
export interface SignedInOperator {
  readonly username: string;
  readonly displayName: string;
  readonly role: ConsoleRole;
  /** The session token (from the cookie), to derive its CSRF token. */
  readonly token: string;
}

/** What the console answers about a session: the operator and the CSRF token for changes. */
export interface SessionView {
  readonly operator: { readonly username: string; readonly displayName: string; readonly role: ConsoleRole };
  readonly csrfToken: string;
}
