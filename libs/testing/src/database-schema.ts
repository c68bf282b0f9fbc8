import type { DataSource } from 'typeorm';

/**
 * Everything a migration can leave in the `public` schema (columns in order with their types and
 * defaults, constraints, indexes, triggers, functions), one sorted line each: two databases with
 * equal lines have the same schema.
 */
export async function schemaOf(dataSource: DataSource): Promise<string[]> {
  const rows = await dataSource.query<{ line: string }[]>(`
    SELECT format('column %s.%s #%s %s(%s) null=%s default=%s', table_name, column_name, ordinal_position,
                  data_type, coalesce(character_maximum_length::text, ''), is_nullable, coalesce(column_default, '')) AS line
      FROM information_schema.columns WHERE table_schema = 'public'
    UNION ALL
    SELECT format('constraint %s.%s %s', conrelid::regclass, conname, pg_get_constraintdef(oid))
      FROM pg_constraint WHERE connamespace = 'public'::regnamespace
    UNION ALL
    SELECT format('index %s', indexdef) FROM pg_indexes WHERE schemaname = 'public'
    UNION ALL
    SELECT format('trigger %s', pg_get_triggerdef(t.oid))
      FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
     WHERE c.relnamespace = 'public'::regnamespace AND NOT t.tgisinternal
    UNION ALL
    SELECT format('function %s', pg_get_functiondef(oid)) FROM pg_proc WHERE pronamespace = 'public'::regnamespace
    ORDER BY 1`);
  return rows.map((row) => row.line);
}
