import { isUuid } from '@hub/contracts';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Subscription, SubscriptionStatus } from './subscription.js';

interface SubscriptionRow {
  id: string;
  agency: string;
  name: string;
  event_types: Subscription['eventTypes'];
  filters: Subscription['filters'];
  channels: Subscription['channels'];
  purpose: string;
  status: SubscriptionStatus;
  created_by: string;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = 'id, agency, name, event_types, filters, channels, purpose, status, created_by, created_at, updated_at';

/** Subscriptions in PostgreSQL; every statement is parameterised. */
@Injectable()
export class SubscriptionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(tx: EntityManager, subscription: Omit<Subscription, 'status' | 'createdAt' | 'updatedAt'>): Promise<Subscription> {
    const rows = await tx.query<SubscriptionRow[]>(
      `INSERT INTO subscriptions (id, agency, name, event_types, filters, channels, purpose, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${COLUMNS}`,
      [
        subscription.id,
        subscription.agency,
        subscription.name,
        JSON.stringify(subscription.eventTypes),
        JSON.stringify(subscription.filters),
        JSON.stringify(subscription.channels),
        subscription.purpose,
        subscription.createdBy,
      ],
    );
    return toSubscription(rows[0] as SubscriptionRow);
  }

  /** The agency's subscriptions (all agencies' when `agency` is undefined), deleted ones left out. */
  async list(agency: string | undefined, db: EntityManager = this.dataSource.manager): Promise<Subscription[]> {
    const rows = await db.query<SubscriptionRow[]>(
      `SELECT ${COLUMNS} FROM subscriptions WHERE status <> 'deleted' AND ($1::text IS NULL OR agency = $1) ORDER BY created_at, id`,
      [agency ?? null],
    );
    return rows.map(toSubscription);
  }

  /** Every active subscription, for the dispatcher. */
  async active(): Promise<Subscription[]> {
    const rows = await this.dataSource.query<SubscriptionRow[]>(`SELECT ${COLUMNS} FROM subscriptions WHERE status = 'active' ORDER BY id`);
    return rows.map(toSubscription);
  }

  async find(id: string, db: EntityManager = this.dataSource.manager, forUpdate = false): Promise<Subscription | undefined> {
    if (!isUuid(id)) return undefined;
    const rows = await db.query<SubscriptionRow[]>(
      `SELECT ${COLUMNS} FROM subscriptions WHERE id = $1 AND status <> 'deleted'${forUpdate ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0] ? toSubscription(rows[0]) : undefined;
  }

  async setStatus(tx: EntityManager, id: string, status: SubscriptionStatus): Promise<Subscription> {
    const rows = await tx.query<SubscriptionRow[]>(
      // Wrapped in a SELECT: TypeORM answers a bare UPDATE with [rows, count] instead of rows.
      `WITH changed AS (UPDATE subscriptions SET status = $2, updated_at = now() WHERE id = $1 RETURNING ${COLUMNS}) SELECT * FROM changed`,
      [id, status],
    );
    return toSubscription(rows[0] as SubscriptionRow);
  }
}

function toSubscription(row: SubscriptionRow): Subscription {
  return {
    id: row.id,
    agency: row.agency,
    name: row.name,
    eventTypes: row.event_types,
    filters: row.filters,
    channels: row.channels,
    purpose: row.purpose,
    status: row.status,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
