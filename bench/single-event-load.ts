import { aWorkPermitIssuedEvent } from '@hub/testing';

/**
 * `requests` requests of one event each, `concurrency` in flight on keep-alive connections (closed
 * loop: each connection sends its next request when the answer to the last one arrived), all
 * signed and serialized before the clock starts. Measures what a publisher that cannot batch gets:
 * the clock stops at the last answer, whether the hub accepted the request or not.
 */
export async function offerSingleEvents(
  requests: number,
  concurrency: number,
  post: (body: Buffer) => Promise<{ status: number; text: string }>,
  sign: <T extends object>(event: T) => T,
): Promise<{ requests: number; accepted: number; seconds: number; concurrency: number; firstRejection?: string }> {
  const bodies = Array.from({ length: requests }, () => Buffer.from(JSON.stringify(sign(aWorkPermitIssuedEvent()))));
  let accepted = 0;
  let firstRejection: string | undefined;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let body = bodies[next++]; body; body = bodies[next++]) {
        const answer = await post(body);
        if (answer.status === 202) accepted += 1;
        else firstRejection ??= `${answer.status} ${answer.text.slice(0, 300)}`;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { requests, accepted, seconds, concurrency, ...(firstRejection === undefined ? {} : { firstRejection }) };
}
