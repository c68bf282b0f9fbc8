/**
 * The hub's internal stream of every accepted event, in commit order and keyed by subject, which
 * the dispatcher consumes. The canonical topics are one per domain, so a subject's visa event and
 * its work-permit event sit on different topics with no order between them; here they share one
 * partition in the order the hub accepted them, and subscribers receive them in that order.
 */
export const DISPATCH_TOPIC = 'hub.internal.dispatch';

/** SQL condition on an outbox row alias `o`: the record for an event's canonical topic. */
export const CANONICAL_OUTBOX_ROW = `o.topic LIKE 'hub.%.events'`;
