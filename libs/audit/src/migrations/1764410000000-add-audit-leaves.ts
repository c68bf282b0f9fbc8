import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Takes the chain's sequencing off the writers' path, the way transparency logs do (Trillian's
 * sequencer, Certificate Transparency): writers append `audit_leaves` without the chain lock, and
 * the audit role's sequencer moves them in batches into `audit_log` through `hub_audit_seal_leaves()`,
 * where the sealing trigger gives each its seq and hashes as before. Leaves carry the same checks as
 * `audit_log` (a leaf the chain would refuse is refused when appended, so it can never block
 * sealing), are never updated, and leave only by being sealed. `audit_trail` shows both: sealed rows
 * with their seq, waiting leaves with their leaf id.
 *
 * Idempotent, like the libraries' other migrations: every object is created if missing or replaced.
 */
export class AddAuditLeaves1764410000000 implements MigrationInterface {
  name = 'AddAuditLeaves1764410000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE IF NOT EXISTS audit_leaves (
        id       bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at       timestamptz NOT NULL,
        actor    text        NOT NULL CONSTRAINT audit_leaves_actor_format
                   CHECK (actor ~ '^(agency|admin|system):[A-Za-z0-9][A-Za-z0-9._@:-]{0,127}$'),
        action   text        NOT NULL CONSTRAINT audit_leaves_action_format
                   CHECK (action ~ '^[a-z][a-z0-9-]{0,39}([.][a-z][a-z0-9-]{0,39}){1,3}$'),
        purpose  text        NOT NULL CONSTRAINT audit_leaves_purpose_format
                   CHECK (purpose ~ '^[a-z0-9][a-z0-9._:/-]{0,127}$'),
        event_id uuid,
        detail   jsonb       NOT NULL CONSTRAINT audit_leaves_detail_small
                   CHECK (jsonb_typeof(detail) = 'object' AND octet_length(detail::text) <= 4096)
      )`);

    // The time of the action is the database's, whatever the writer brings.
    await db.query(`
      CREATE OR REPLACE FUNCTION hub_audit_leaf_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.at := clock_timestamp();
        NEW.detail := coalesce(NEW.detail, '{}'::jsonb);
        RETURN NEW;
      END $$`);
    // Leaves are never changed, and leave only inside hub_audit_seal_leaves(), which raises a
    // transaction-local flag (as hub_audit_archive() does for audit_log).
    await db.query(`
      CREATE OR REPLACE FUNCTION hub_audit_leaf_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' AND current_setting('hub_audit.sealing', true) = 'on' THEN
          RETURN OLD;
        END IF;
        RAISE EXCEPTION 'audit leaves are append-only: % on audit_leaves refused', TG_OP
          USING ERRCODE = 'HBA01', HINT = 'Leaves leave audit_leaves only by being sealed into audit_log (hub_audit_seal_leaves()).';
      END $$`);
    for (const [trigger, definition] of [
      ['audit_leaves_stamp', 'BEFORE INSERT ON audit_leaves FOR EACH ROW EXECUTE FUNCTION hub_audit_leaf_stamp()'],
      ['audit_leaves_append_only', 'BEFORE UPDATE OR DELETE ON audit_leaves FOR EACH ROW EXECUTE FUNCTION hub_audit_leaf_guard()'],
      ['audit_leaves_no_truncate', 'BEFORE TRUNCATE ON audit_leaves FOR EACH STATEMENT EXECUTE FUNCTION hub_audit_leaf_guard()'],
    ] as const) {
      await db.query(`DROP TRIGGER IF EXISTS ${trigger} ON audit_leaves`);
      await db.query(`CREATE TRIGGER ${trigger} ${definition}`);
    }

    await db.query(sealFunction('with-leaves'));

    // Moves up to p_max leaves, oldest id first, into the chain under the chain lock (held until
    // commit: one sequencer at a time). One DELETE takes the batch as one index range, in one
    // snapshot, so exactly the leaves removed are the ones sealed (a leaf committed later, even with a
    // lower id, goes into a later batch). The hashes are chained in a loop carrying the head, about a
    // quarter of the work of the sealing trigger's per-row head lookup, and one INSERT writes the rows,
    // which the trigger lets keep their chain values while the flag is up; verification re-derives
    // them like any row.
    await db.query(`
      CREATE OR REPLACE FUNCTION hub_audit_seal_leaves(p_max integer)
      RETURNS TABLE (sealed bigint, through_seq bigint) LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
      DECLARE
        head_seq  bigint;
        head_hash bytea;
        first_hash bytea;
        chain_algorithm text;
        batch audit_leaves[];
        hashes bytea[] := '{}';
        leaf audit_leaves;
      BEGIN
        PERFORM pg_advisory_xact_lock(727200);
        PERFORM set_config('hub_audit.sealing', 'on', true);
        WITH taken AS (
          DELETE FROM audit_leaves WHERE id <= (SELECT max(f.id) FROM (SELECT l.id FROM audit_leaves l ORDER BY l.id LIMIT p_max) AS f)
          RETURNING *
        )
        SELECT array_agg(ROW(taken.*)::audit_leaves ORDER BY taken.id) INTO batch FROM taken;
        IF batch IS NULL THEN
          PERFORM set_config('hub_audit.sealing', 'off', true);
          sealed := 0;
          RETURN NEXT;
          RETURN;
        END IF;
        SELECT l.seq, l.hash INTO head_seq, head_hash FROM audit_log l ORDER BY l.seq DESC LIMIT 1;
        IF head_seq IS NULL THEN
          SELECT a.through_seq, a.last_hash INTO head_seq, head_hash FROM audit_anchors a ORDER BY a.through_seq DESC LIMIT 1;
        END IF;
        head_seq := coalesce(head_seq, 0);
        first_hash := coalesce(head_hash, decode(repeat('00', 32), 'hex'));
        head_hash := first_hash;
        SELECT c.algorithm INTO chain_algorithm FROM audit_chain c;
        FOREACH leaf IN ARRAY batch LOOP
          head_hash := hub_audit_digest(chain_algorithm, head_hash ||
            hub_audit_encode(head_seq + cardinality(hashes) + 1, leaf.at, leaf.actor, leaf.action, leaf.purpose, leaf.event_id, leaf.detail));
          hashes := hashes || head_hash;
        END LOOP;
        INSERT INTO audit_log (seq, at, actor, action, purpose, event_id, detail, prev_hash, hash)
        SELECT head_seq + l.n, l.at, l.actor, l.action, l.purpose, l.event_id, l.detail,
               CASE WHEN l.n = 1 THEN first_hash ELSE hashes[l.n::int - 1] END, hashes[l.n::int]
          FROM unnest(batch) WITH ORDINALITY AS l(id, at, actor, action, purpose, event_id, detail, n)
         ORDER BY l.n;
        PERFORM set_config('hub_audit.sealing', 'off', true);
        sealed := cardinality(hashes);
        through_seq := head_seq + sealed;
        RETURN NEXT;
      END $$`);
    await db.query('REVOKE EXECUTE ON FUNCTION hub_audit_seal_leaves(integer) FROM PUBLIC');

    await db.query(`
      CREATE OR REPLACE VIEW audit_trail AS
        SELECT seq, NULL::bigint AS leaf, at, actor, action, purpose, event_id, detail FROM audit_log
        UNION ALL
        SELECT NULL::bigint, id, at, actor, action, purpose, event_id, detail FROM audit_leaves`);
  }

  async down(db: QueryRunner): Promise<void> {
    // Whatever waits is sealed first, in the sequencer's batch size (one huge batch costs far more
    // than its parts): dropping the leaves must not drop audit rows.
    for (;;) {
      const sealed = (await db.query('SELECT sealed::int AS n FROM hub_audit_seal_leaves(5000)')) as { n: number }[];
      if ((sealed[0]?.n ?? 0) === 0) break;
    }
    await db.query('DROP VIEW audit_trail');
    await db.query('DROP FUNCTION hub_audit_seal_leaves(integer)');
    await db.query(sealFunction('released'));
    await db.query('DROP TABLE audit_leaves');
    await db.query('DROP FUNCTION hub_audit_leaf_guard(), hub_audit_leaf_stamp()');
  }
}

/**
 * The sealing trigger's function, which seals rows inserted into audit_log directly (the archiver's
 * own row) under the chain lock. `with-leaves` lets the rows hub_audit_seal_leaves() inserts keep
 * the seq, time and hashes it chained them with; `released` is the function as first released.
 */
function sealFunction(version: 'released' | 'with-leaves'): string {
  const sealedLeaves =
    version === 'released'
      ? ''
      : `IF current_setting('hub_audit.sealing', true) = 'on' THEN
        RETURN NEW;
      END IF;`;
  return `
    CREATE OR REPLACE FUNCTION hub_audit_seal() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      head_seq  bigint;
      head_hash bytea;
      chain_algorithm text;
    BEGIN
      ${sealedLeaves}
      PERFORM pg_advisory_xact_lock(727200);
      SELECT l.seq, l.hash INTO head_seq, head_hash FROM audit_log l ORDER BY l.seq DESC LIMIT 1;
      IF head_seq IS NULL THEN
        SELECT a.through_seq, a.last_hash INTO head_seq, head_hash FROM audit_anchors a ORDER BY a.through_seq DESC LIMIT 1;
      END IF;
      SELECT c.algorithm INTO chain_algorithm FROM audit_chain c;
      NEW.seq := coalesce(head_seq, 0) + 1;
      NEW.at := clock_timestamp();
      NEW.detail := coalesce(NEW.detail, '{}'::jsonb);
      NEW.prev_hash := coalesce(head_hash, decode(repeat('00', 32), 'hex'));
      NEW.hash := hub_audit_digest(chain_algorithm,
        NEW.prev_hash || hub_audit_encode(NEW.seq, NEW.at, NEW.actor, NEW.action, NEW.purpose, NEW.event_id, NEW.detail));
      RETURN NEW;
    END $$`;
}
