import { HubError } from '@hub/contracts';

/**
 * The hub has no certificate authority (CA_KEY_ENCRYPTION_KEY is not set): 409 CONFLICT where a
 * certificate is to be issued, 404 NOT_FOUND where the CA certificate is asked for.
 */
export class CertificateAuthorityMissingError extends HubError {
  constructor(code: 'CONFLICT' | 'NOT_FOUND' = 'CONFLICT') {
    super(
      code,
      'This hub has no certificate authority: start it with CA_KEY_ENCRYPTION_KEY (32 random bytes, base64) to issue client certificates and serve HTTPS.',
      { retriable: false },
    );
  }
}
