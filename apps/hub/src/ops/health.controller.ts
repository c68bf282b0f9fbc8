import { Controller, Get } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CANONICAL_OUTBOX_ROW } from '../dispatch/dispatch-topic.js';

/** `GET /health`: the database answers, how many events wait for Kafka, and how many deliveries to agencies' topics. */
@Controller('health')
export class HealthController {
  constructor(private readonly dataSource: DataSource) {}

  @Get()
  async health(): Promise<{ status: 'ok'; outbox: { pending: number; oldestAgeSeconds: number; deliveriesPending: number } }> {
    const [row] = await this.dataSource.query<{ pending: number; age: number; deliveries: number }[]>(
      `SELECT count(*) FILTER (WHERE ${CANONICAL_OUTBOX_ROW})::int AS pending,
              count(*) FILTER (WHERE o.topic LIKE 'agency.%')::int AS deliveries,
              coalesce(extract(epoch FROM now() - min(o.created_at)), 0)::float AS age
         FROM outbox o`,
    );
    return {
      status: 'ok',
      outbox: { pending: row?.pending ?? 0, oldestAgeSeconds: Math.round(row?.age ?? 0), deliveriesPending: row?.deliveries ?? 0 },
    };
  }
}
