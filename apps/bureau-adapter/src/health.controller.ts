import { Controller, Get } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** `GET /health`: the adapter answers and its own store does (for probes; it tells nothing of any permit). */
@Controller('health')
export class HealthController {
  constructor(private readonly dataSource: DataSource) {}

  @Get()
  async health(): Promise<{ status: 'ok' }> {
    await this.dataSource.query('SELECT 1');
    return { status: 'ok' };
  }
}
