import { IsInt, IsOptional, IsString, Length, Max, MaxLength, Min } from 'class-validator';

/** `POST /v1/admin/agencies/{id}/certificates`: a client certificate for the key of this CSR. */
export class IssueCertificateDto {
  /** PKCS#10 in PEM (`-----BEGIN CERTIFICATE REQUEST-----`), e.g. from `openssl req -new -key agency.key -subj /CN=bureau-310000`. */
  @IsString()
  @MaxLength(16_384)
  csr: string;

  /** Days from now the certificate is valid; default CLIENT_CERT_VALID_DAYS (365). */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(825)
  validDays?: number;
}

/** `POST …/certificates/{serial}/revoke`: why the certificate may no longer be trusted. */
export class RevokeCertificateDto {
  @IsString()
  @Length(1, 500)
  reason: string;
}
