/**
 * The hub's answer to one record of the bureau's outbound topic, as it arrives on
 * `agency.<agency id>.outcomes` (the shape of @hub/agency-kit's PublishOutcome).
 */
export interface PublishOutcome {
  readonly eventId: string | null;
  readonly status: 'accepted' | 'duplicate' | 'refused' | 'held';
  readonly outboundOffset: { readonly partition: number; readonly offset: string };
  readonly error?: {
    readonly code: string;
    readonly status: number;
    readonly message: string;
    readonly messageZh?: string;
    readonly issues?: readonly { path: string; rule: string; message: string; messageZh?: string }[];
    readonly currentVersion?: number;
  };
  readonly at: string;
}
