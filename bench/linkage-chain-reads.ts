/**
 * Reading people from the linkage service with many stored: chains preloaded by SQL, and request
 * latencies measured one at a time (bench/linkage-lookup.ts in-process, bench/linkage.ts against the
 * running service).
 */
import { buildChain } from '../apps/linkage/src/chain/apply-event.js';
import { employer, event, holder } from '../apps/linkage/src/testing/chain-events.fixture.js';
import type { DataSource } from 'typeorm';
import { percentile } from './measure.js';

const SUBJECT = 'sub_ffffffffffffffffffffffffffffffff';
const CARD = 'TC-BENCH-CARD-PLACEHOLDER';
const BATCH = 50_000;

/**
 * One person's chain as the service stores it, as JSON text with placeholders for the subject and
 * the card number: the row's chain (its state) and the events (the person's linkage_inbox rows).
 */
function chainTemplate(): { chain: string; events: string[] } {
  const tax = (year: number) =>
    event(
      'tax.annual-income-reported',
      {
        reportNo: `T${year}`,
        holder,
        taxYear: year,
        employer,
        annualSalary: '700000.00',
        individualIncomeTaxPaid: '150000.00',
        reportedOn: `${year + 1}-05-20`,
      },
      { id: `tax-${year}`, subject: SUBJECT, time: `${year + 1}-05-20T09:00:00+08:00` },
    );
  const events = [
    event(
      'work-permit.issued',
      { permitNo: 'WP1', permitClass: 'A', holder, employer, position: 'Chief scientist', validFrom: '2021-01-05', validTo: '2030-01-04' },
      { id: 'wp', subject: SUBJECT, time: '2021-01-05T09:00:00+08:00' },
    ),
    event(
      'residence-permit.issued',
      {
        permitNo: 'RP1',
        holder,
        purpose: 'work',
        issuedOn: '2021-02-01',
        validFrom: '2021-02-01',
        validTo: '2026-01-31',
        workPermitNo: 'WP1',
      },
      { id: 'rp', subject: SUBJECT, time: '2021-02-01T09:00:00+08:00' },
    ),
    event(
      'talent-card.issued',
      {
        cardNo: CARD,
        holder,
        tier: 'A',
        workPermitNo: 'WP1',
        issuedOn: '2022-02-16',
        validTo: '2031-02-15',
        services: ['residence', 'medical'],
      },
      { id: 'card', subject: SUBJECT, time: '2022-02-16T09:00:00+08:00' },
    ),
    ...[2021, 2022, 2023, 2024].map(tax),
  ];
  const chain = buildChain(SUBJECT, events);
  return { chain: JSON.stringify({ subject: SUBJECT, state: chain.state }), events: chain.events.map((e) => JSON.stringify(e)) };
}

/** Person i's subject id, as preloadChains stores it. */
export const benchSubject = (i: number): string => `sub_${i.toString(16).padStart(32, '0')}`;
const subjectSql = (i: string) => `'sub_' || lpad(to_hex(${i}), 32, '0')`;
const cardSql = (i: string) => `'TC-B-' || ${i}`;

/**
 * Preloads `people` person chains by SQL in batches of 50,000 (generate_series): person i is
 * `benchSubject(i)` holding card `TC-B-<i>`, each chain a realistic PersonChain of a work permit, a
 * residence permit, a talent card and four tax years; a decision and an open case for every tenth.
 */
export async function preloadChains(dataSource: DataSource, people: number): Promise<void> {
  const template = chainTemplate();
  const eventBytes = template.events.reduce((sum, e) => sum + e.length, 0);
  console.log(
    `preloading ${people} chains (${template.chain.length} bytes of state, ${template.events.length} events of ${eventBytes} bytes) …`,
  );
  for (let from = 1; from <= people; from += BATCH) {
    const to = Math.min(people, from + BATCH - 1);
    await dataSource.query(
      `INSERT INTO person_chains (subject, chain, province, card_numbers, event_count, updated_at)
       SELECT ${subjectSql('i')}, replace(replace($1, $2, ${subjectSql('i')}), $3, ${cardSql('i')})::jsonb, '310000',
              ARRAY[${cardSql('i')}], $6::int, now()
         FROM generate_series($4::int, $5::int) AS i`,
      [template.chain, SUBJECT, CARD, from, to, template.events.length],
    );
    // Each event once per person, under a fresh id (the inbox's key), in the order the chain keeps them.
    for (const text of template.events) {
      await dataSource.query(
        `INSERT INTO linkage_inbox (event_id, subject, event_type, event_time, event, as_of)
         SELECT id, e ->> 'subject', e ->> 'type', (e ->> 'time')::timestamptz, jsonb_set(e, '{id}', to_jsonb(id::text)), (e ->> 'time')::date
           FROM (SELECT gen_random_uuid() AS id, replace(replace($1, $2, ${subjectSql('i')}), $3, ${cardSql('i')})::jsonb AS e
                   FROM generate_series($4::int, $5::int) AS i) AS made`,
        [text, SUBJECT, CARD, from, to],
      );
    }
    await dataSource.query(
      `INSERT INTO decisions (key, subject, rule_id, rule_version, outcome, explanation, input_event_ids, thresholds, digest, decided_on)
       SELECT 'LNK-06:' || ${subjectSql('i')}, ${subjectSql('i')}, 'LNK-06-HIGH-LEVEL-TALENT', 1, 'simplified-procedures',
              '{"en": "Simplified procedures", "zh": "适用简化程序"}', ARRAY[gen_random_uuid()::text], '{"asOf": "2026-03-02"}', 'digest', '2026-03-02'
         FROM generate_series($1::int, $2::int) AS i WHERE i % 10 = 0`,
      [from, to],
    );
    await dataSource.query(
      `INSERT INTO cases (id, case_key, decision_key, subject, rule_id, rule_version, kind, label, owner_agency, province, state, opened_on, due_date, caused_by)
       SELECT gen_random_uuid(), 'LNK-06:' || ${subjectSql('i')} || '/review/psb-310000', 'LNK-06:' || ${subjectSql('i')}, ${subjectSql('i')},
              'LNK-06-HIGH-LEVEL-TALENT', 1, 'residence-review', '{"en": "Review", "zh": "复核"}', 'psb-310000', '310000', 'open',
              '2026-03-02', '2026-03-16', ARRAY[gen_random_uuid()::text]
         FROM generate_series($1::int, $2::int) AS i WHERE i % 10 = 0`,
      [from, to],
    );
    console.log(`  ${to} / ${people}`);
  }
  await dataSource.query('ANALYZE person_chains, linkage_inbox, decisions, cases');
}

export interface Latency {
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

/** Latencies in ms of `count` calls of `call`, one at a time. */
export async function timed(count: number, call: (n: number) => Promise<unknown>): Promise<Latency> {
  const times: number[] = [];
  for (let n = 0; n < count; n += 1) {
    const started = performance.now();
    await call(n);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const round = (ms: number) => Math.round(ms * 100) / 100;
  return { p50: round(percentile(times, 50)), p99: round(percentile(times, 99)), max: round(times.at(-1) ?? Number.NaN) };
}

/** Latencies of HTTP requests to paths from `pathOf` on one keep-alive connection, with key `key`. */
export function measureHttp(url: string, key: string, count: number, pathOf: (n: number) => string): Promise<Latency> {
  return timed(count, async (n) => {
    const response = await fetch(`${url}${pathOf(n)}`, { headers: { authorization: `Bearer ${key}`, 'x-purpose': 'benchmark' } });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${pathOf(n)} answered ${response.status}`);
  });
}
