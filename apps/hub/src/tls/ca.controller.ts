import { Controller, Get, Header } from '@nestjs/common';
import { HubCertificateAuthority } from './hub-certificate-authority.js';
import { CertificateAuthorityMissingError } from './tls.errors.js';

/**
 * `GET /v1/ca/certificate` (public): the hub CA's certificate in PEM, the root an agency's client
 * certificate chains to and the one to trust for a self-issued server certificate. Compare its
 * SHA-256 fingerprint with the one the hub operators give out of band before trusting it.
 */
@Controller('v1/ca')
export class CaController {
  constructor(private readonly ca: HubCertificateAuthority) {}

  @Get('certificate')
  @Header('content-type', 'application/x-pem-file')
  @Header('cache-control', 'public, max-age=3600')
  certificate(): string {
    if (!this.ca.available) throw new CertificateAuthorityMissingError('NOT_FOUND');
    return this.ca.current.pem;
  }
}
