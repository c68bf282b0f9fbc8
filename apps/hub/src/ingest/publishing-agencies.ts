import type { EntityManager } from 'typeorm';

/** The agencies whose outbound topic the hub consumes: active, and granted Kafka publishing. */
export async function publishingAgencies(db: EntityManager): Promise<string[]> {
  const rows = await db.query<{ id: string }[]>(`SELECT id FROM agencies WHERE status = 'active' AND kafka_publishing ORDER BY id`);
  return rows.map((row) => row.id);
}
