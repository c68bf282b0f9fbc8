import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The version of everything routing reads (subscriptions, policy versions, agencies' status), so
 * the publish statement can route at commit without a stale view.
 *
 * `hub_routing_version` holds one counter. A change of any of those tables first takes the routing
 * lock EXCLUSIVE (a statement trigger, before any row is touched, so it never holds a row a
 * publisher waits for), bumps the counter and notifies `hub_routing`. A publish statement calls
 * `hub_routing_checked` before anything else: it takes the lock SHARED, held to commit, and then (a
 * new snapshot, the function being VOLATILE) compares the counter with the version the API routed
 * with; a difference raises SQLSTATE HB412 and the API reloads and routes again. So a change
 * committed before an event's commit is applied to it, and a change that commits after waited for it.
 */
export class AddRoutingVersion1764400000000 implements MigrationInterface {
  name = 'AddRoutingVersion1764400000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE hub_routing_version (
        one     boolean PRIMARY KEY DEFAULT true CHECK (one),
        version bigint  NOT NULL DEFAULT 1
      )`);
    await db.query('INSERT INTO hub_routing_version DEFAULT VALUES');
    await db.query(`
      CREATE FUNCTION hub_routing_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtext('hub_routing'));
        UPDATE hub_routing_version SET version = version + 1;
        PERFORM pg_notify('hub_routing', TG_TABLE_NAME);
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE FUNCTION hub_routing_checked(expected bigint, routed json) RETURNS json LANGUAGE plpgsql VOLATILE AS $$
      DECLARE
        current bigint;
      BEGIN
        PERFORM pg_advisory_xact_lock_shared(hashtext('hub_routing'));
        SELECT version INTO current FROM hub_routing_version;
        IF current IS DISTINCT FROM expected THEN
          RAISE EXCEPTION 'routed with routing version %, but version % is in force', expected, current
            USING ERRCODE = 'HB412', DETAIL = current::text;
        END IF;
        RETURN routed;
      END $$`);
    const watched: [string, string][] = [
      ['subscriptions', 'INSERT OR DELETE OR TRUNCATE OR UPDATE OF agency, event_types, filters, channels, purpose, status, created_at'],
      ['policy_versions', 'INSERT OR DELETE OR TRUNCATE OR UPDATE'],
      ['agencies', 'INSERT OR DELETE OR TRUNCATE OR UPDATE OF kind, region, status'],
    ];
    for (const [table, events] of watched) {
      await db.query(
        `CREATE TRIGGER ${table}_routing_changed BEFORE ${events} ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION hub_routing_changed()`,
      );
    }
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['subscriptions', 'policy_versions', 'agencies'])
      await db.query(`DROP TRIGGER ${table}_routing_changed ON ${table}`);
    await db.query('DROP FUNCTION hub_routing_checked(bigint, json)');
    await db.query('DROP FUNCTION hub_routing_changed()');
    await db.query('DROP TABLE hub_routing_version');
  }
}
