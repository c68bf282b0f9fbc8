import { Body, Controller, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AdminActor, AdminTokenGuard } from '../../kernel/index.js';
import { agencyNotFound } from '../agencies.errors.js';
import { findAgency } from '../agency-registry.repository.js';
import { IssueCertificateDto, RevokeCertificateDto } from './certificates.dto.js';
import { certificatesOf, type CertificateSummary } from './certificates.repository.js';
import { IssueCertificateHandler, type IssuedCertificate } from './issue-certificate.handler.js';
import { RevokeCertificateHandler } from './revoke-certificate.handler.js';

/**
 * An agency's TLS client certificates, behind the admin token: issue one for a CSR, list them,
 * revoke one. Issuing and revoking are audited in the transaction that makes them.
 */
@Controller('v1/admin/agencies/:id/certificates')
@UseGuards(AdminTokenGuard)
export class AdminCertificatesController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly issueCertificate: IssueCertificateHandler,
    private readonly revokeCertificate: RevokeCertificateHandler,
  ) {}

  @Post()
  @HttpCode(201)
  issue(@Param('id') id: string, @Body() body: IssueCertificateDto, @AdminActor() actor: string): Promise<IssuedCertificate> {
    return this.issueCertificate.execute(id, body, actor);
  }

  @Get()
  async list(@Param('id') id: string): Promise<{ certificates: CertificateSummary[] }> {
    const db = this.dataSource.manager;
    if (!(await findAgency(db, id))) throw agencyNotFound(id);
    return { certificates: await certificatesOf(db, id) };
  }

  @Post(':serial/revoke')
  @HttpCode(200)
  revoke(
    @Param('id') id: string,
    @Param('serial') serial: string,
    @Body() body: RevokeCertificateDto,
    @AdminActor() actor: string,
  ): Promise<CertificateSummary> {
    return this.revokeCertificate.execute(id, serial, body.reason, actor);
  }
}
