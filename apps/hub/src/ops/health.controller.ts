import { Controller, Get } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** `GET /health`: the database answers, and how many events wait for Kafka. */
@Controller('health')
export class HealthController {
  constructor(private readonly dataSource: DataSource) {}

  @Get()
  async health(): Promise<{ status: 'ok'; outbox: { pending: number; oldestAgeSeconds: number } }> {
    const [row] = await this.dataSource.query<{ pending: number; age: number }[]>(
      'SELECT count(*)::int AS pending, coalesce(extract(epoch FROM now() - min(created_at)), 0)::float AS age FROM outbox',
    );
    return { status: 'ok', outbox: { pending: row?.pending ?? 0, oldestAgeSeconds: Math.round(row?.age ?? 0) } };
  }
}
