import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The tamper-evident audit trail: `audit_log` (a hash chain sealed by a trigger), signed Merkle
 * `audit_checkpoints`, `audit_archive` with signed `audit_anchors` for retention, and `audit_chain`
 * (the chain's hash algorithm). Every table is append-only by trigger: an UPDATE, DELETE or TRUNCATE
 * fails unless it comes through `hub_audit_archive()`; only someone who deliberately disables the
 * triggers (the table owner or a superuser) can change rows, and `verifyAuditTrail` then finds it.
 *
 * The SQL here is the hashing half of a contract whose other half is `encodeAuditRow` in
 * canonical-encoding.ts: change one and verification of every existing row fails. Released as
 * part of the hub's migrations, so never edited; changes come as new migrations.
 */
export class CreateAuditTrail1764170000000 implements MigrationInterface {
  name = 'CreateAuditTrail1764170000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE audit_chain (
        singleton  boolean     PRIMARY KEY DEFAULT true CHECK (singleton),
        algorithm  text        NOT NULL DEFAULT 'sha256' CHECK (algorithm IN ('sha256', 'sm3')),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query('INSERT INTO audit_chain DEFAULT VALUES');

    // seq is assigned by the sealing trigger, gapless (a rolled-back append leaves no hole), so a
    // missing number always means a deleted row. Hence no identity column: sequences leave gaps.
    await db.query(`
      CREATE TABLE audit_log (
        seq       bigint      PRIMARY KEY,
        at        timestamptz NOT NULL,
        actor     text        NOT NULL CONSTRAINT audit_log_actor_format
                    CHECK (actor ~ '^(agency|admin|system):[A-Za-z0-9][A-Za-z0-9._@:-]{0,127}$'),
        action    text        NOT NULL CONSTRAINT audit_log_action_format
                    CHECK (action ~ '^[a-z][a-z0-9-]{0,39}([.][a-z][a-z0-9-]{0,39}){1,3}$'),
        purpose   text        NOT NULL CONSTRAINT audit_log_purpose_format
                    CHECK (purpose ~ '^[a-z0-9][a-z0-9._:/-]{0,127}$'),
        event_id  uuid,
        detail    jsonb       NOT NULL DEFAULT '{}' CONSTRAINT audit_log_detail_small
                    CHECK (jsonb_typeof(detail) = 'object' AND octet_length(detail::text) <= 4096),
        prev_hash bytea       NOT NULL CHECK (octet_length(prev_hash) = 32),
        hash      bytea       NOT NULL CHECK (octet_length(hash) = 32)
      )`);
    await db.query('CREATE INDEX audit_log_event_idx ON audit_log (event_id) WHERE event_id IS NOT NULL');
    await db.query('CREATE INDEX audit_log_at_idx ON audit_log (at)');

    await db.query(`
      CREATE TABLE audit_archive (
        seq         bigint      PRIMARY KEY,
        at          timestamptz NOT NULL,
        actor       text        NOT NULL,
        action      text        NOT NULL,
        purpose     text        NOT NULL,
        event_id    uuid,
        detail      jsonb       NOT NULL,
        prev_hash   bytea       NOT NULL,
        hash        bytea       NOT NULL,
        archived_at timestamptz NOT NULL DEFAULT now()
      )`);

    await db.query(`
      CREATE TABLE audit_checkpoints (
        id        bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        first_seq bigint      NOT NULL UNIQUE CHECK (first_seq >= 1),
        last_seq  bigint      NOT NULL UNIQUE,
        root      bytea       NOT NULL CHECK (octet_length(root) = 32),
        at        timestamptz NOT NULL,
        key_id    text        NOT NULL,
        signature bytea       NOT NULL,
        CHECK (last_seq >= first_seq)
      )`);

    await db.query(`
      CREATE TABLE audit_anchors (
        through_seq   bigint      PRIMARY KEY,
        last_hash     bytea       NOT NULL CHECK (octet_length(last_hash) = 32),
        archived_rows bigint      NOT NULL,
        at            timestamptz NOT NULL,
        key_id        text        NOT NULL,
        signature     bytea       NOT NULL
      )`);

    await db.query(`
      CREATE FUNCTION hub_audit_digest(algorithm text, data bytea) RETURNS bytea LANGUAGE plpgsql IMMUTABLE AS $$
      BEGIN
        IF algorithm = 'sha256' THEN RETURN sha256(data); END IF;
        -- SM3 comes from pgcrypto (OpenSSL 3); setAuditHashAlgorithm() checks it is there first.
        IF algorithm = 'sm3' THEN RETURN digest(data, 'sm3'); END IF;
        RAISE EXCEPTION 'unknown audit hash algorithm %', algorithm;
      END $$`);

    // The canonical encoding of a row: format tag, seq, time (UTC, microseconds), the three codes as
    // JSON strings, the event id or nothing, and the detail as PostgreSQL's jsonb text, one per line.
    await db.query(`
      CREATE FUNCTION hub_audit_encode(seq bigint, at timestamptz, actor text, action text, purpose text, event_id uuid, detail jsonb)
      RETURNS bytea LANGUAGE sql STABLE AS $$
        SELECT convert_to(concat_ws(chr(10),
          'hub-audit/1',
          seq::text,
          to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
          to_json(actor)::text,
          to_json(action)::text,
          to_json(purpose)::text,
          coalesce(event_id::text, ''),
          detail::text), 'UTF8')
      $$`);

    // Seals each new row: under a transaction-scoped advisory lock (held until commit, so appenders
    // take turns and each sees the row committed before it), the row gets the next seq, the time,
    // the previous row's hash and its own. Whatever the inserter put in these columns is replaced.
    await db.query(`
      CREATE FUNCTION hub_audit_seal() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        head_seq  bigint;
        head_hash bytea;
        chain_algorithm text;
      BEGIN
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
      END $$`);
    await db.query('CREATE TRIGGER audit_log_seal BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION hub_audit_seal()');

    // Append-only: refuses UPDATE, DELETE and TRUNCATE; hub_audit_archive() alone may move rows
    // from audit_log into audit_archive and add anchors (it raises a transaction-local flag).
    await db.query(`
      CREATE FUNCTION hub_audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF current_setting('hub_audit.archiving', true) = 'on' AND (
             (TG_OP = 'DELETE' AND TG_TABLE_NAME = 'audit_log') OR
             (TG_OP = 'INSERT' AND TG_TABLE_NAME IN ('audit_archive', 'audit_anchors'))) THEN
          IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'the audit trail is append-only: % on % refused', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'HBA01', HINT = 'Rows leave audit_log only through hub_audit_archive().';
      END $$`);
    for (const [table, operations] of [
      ['audit_log', 'UPDATE OR DELETE'],
      ['audit_archive', 'INSERT OR UPDATE OR DELETE'],
      ['audit_checkpoints', 'UPDATE OR DELETE'],
      ['audit_anchors', 'INSERT OR UPDATE OR DELETE'],
    ] as const) {
      await db.query(
        `CREATE TRIGGER ${table}_append_only BEFORE ${operations} ON ${table} FOR EACH ROW EXECUTE FUNCTION hub_audit_refuse_change()`,
      );
      await db.query(
        `CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION hub_audit_refuse_change()`,
      );
    }

    // The algorithm may change only while the chain is empty (setAuditHashAlgorithm()).
    await db.query(`
      CREATE FUNCTION hub_audit_chain_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND NOT EXISTS (SELECT 1 FROM audit_log) AND NOT EXISTS (SELECT 1 FROM audit_anchors) THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'audit_chain: % refused once the chain has rows', TG_OP USING ERRCODE = 'HBA04';
      END $$`);
    await db.query(
      'CREATE TRIGGER audit_chain_guard BEFORE UPDATE OR DELETE ON audit_chain FOR EACH ROW EXECUTE FUNCTION hub_audit_chain_guard()',
    );
    await db.query(
      'CREATE TRIGGER audit_chain_no_truncate BEFORE TRUNCATE ON audit_chain FOR EACH STATEMENT EXECUTE FUNCTION hub_audit_refuse_change()',
    );

    // Moves the rows through p_through_seq (the end of a checkpoint, all older than six months)
    // into audit_archive, records the signed anchor the remaining chain starts from, and audits the
    // move. The anchor's signature is made and checked by archiveAuditTrail(); this function checks
    // that the anchor names the real row. SECURITY DEFINER with EXECUTE revoked from PUBLIC, so the
    // hub may run as a role that can neither delete audit rows nor disable the triggers.
    await db.query(`
      CREATE FUNCTION hub_audit_archive(p_through_seq bigint, p_last_hash bytea, p_at timestamptz, p_key_id text, p_signature bytea,
                                        p_actor text, p_purpose text)
      RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
      DECLARE
        boundary_hash bytea;
        youngest timestamptz;
        moved bigint;
      BEGIN
        PERFORM pg_advisory_xact_lock(727200);
        SELECT hash INTO boundary_hash FROM audit_log WHERE seq = p_through_seq;
        IF boundary_hash IS NULL THEN
          RAISE EXCEPTION 'no audit row % to archive through', p_through_seq USING ERRCODE = 'HBA03';
        END IF;
        IF boundary_hash <> p_last_hash THEN
          RAISE EXCEPTION 'the anchor''s hash is not the hash of audit row %', p_through_seq USING ERRCODE = 'HBA03';
        END IF;
        IF NOT EXISTS (SELECT 1 FROM audit_checkpoints WHERE last_seq = p_through_seq) THEN
          RAISE EXCEPTION 'audit row % ends no checkpoint; archive only whole checkpoints', p_through_seq USING ERRCODE = 'HBA03';
        END IF;
        SELECT max(at) INTO youngest FROM audit_log WHERE seq <= p_through_seq;
        IF youngest > least(now() - interval '183 days', now() - interval '6 months') THEN
          RAISE EXCEPTION 'audit rows younger than six months cannot be archived (through seq % the youngest is from %)', p_through_seq, youngest
            USING ERRCODE = 'HBA02', HINT = 'The Cybersecurity Law (art. 21) requires keeping network logs for at least six months.';
        END IF;
        PERFORM set_config('hub_audit.archiving', 'on', true);
        INSERT INTO audit_archive (seq, at, actor, action, purpose, event_id, detail, prev_hash, hash)
          SELECT moved_row.seq, moved_row.at, moved_row.actor, moved_row.action, moved_row.purpose, moved_row.event_id,
                 moved_row.detail, moved_row.prev_hash, moved_row.hash
            FROM (SELECT * FROM audit_log WHERE seq <= p_through_seq ORDER BY seq) AS moved_row;
        DELETE FROM audit_log WHERE seq <= p_through_seq;
        GET DIAGNOSTICS moved = ROW_COUNT;
        INSERT INTO audit_anchors (through_seq, last_hash, archived_rows, at, key_id, signature)
          VALUES (p_through_seq, p_last_hash, moved, p_at, p_key_id, p_signature);
        PERFORM set_config('hub_audit.archiving', 'off', true);
        INSERT INTO audit_log (actor, action, purpose, detail)
          VALUES (p_actor, 'audit.archived', p_purpose, jsonb_build_object('throughSeq', p_through_seq, 'rows', moved));
        RETURN moved;
      END $$`);
    await db.query('REVOKE EXECUTE ON FUNCTION hub_audit_archive(bigint, bytea, timestamptz, text, bytea, text, text) FROM PUBLIC');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP FUNCTION hub_audit_archive(bigint, bytea, timestamptz, text, bytea, text, text)');
    await db.query('DROP TABLE audit_anchors, audit_checkpoints, audit_archive, audit_log, audit_chain');
    await db.query('DROP FUNCTION hub_audit_chain_guard(), hub_audit_refuse_change(), hub_audit_seal()');
    await db.query('DROP FUNCTION hub_audit_encode(bigint, timestamptz, text, text, text, uuid, jsonb), hub_audit_digest(text, bytea)');
  }
}
