import { Module } from '@nestjs/common';
import { CaController } from './ca.controller.js';
import { TlsModule } from './tls.module.js';

/** `GET /v1/ca/certificate` (`api` role). */
@Module({ imports: [TlsModule], controllers: [CaController] })
export class TlsApiModule {}
