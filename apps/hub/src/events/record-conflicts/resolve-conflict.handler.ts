import { Inject, Injectable } from '@nestjs/common';
import type { EventEnvelope } from '@hub/contracts';
import { decryptEventData, type FieldCipher } from '@hub/identity';
import { AdminNotFoundError } from '../../kernel/index.js';
import { HubConfig } from '../../config/hub-config.js';
import { fieldCipherOf } from '../../config/hub-keys.js';
import { EVENT_STORE, type EventStore, type PreparedEvent } from '../event-store.port.js';
import { ConflictAlreadyResolvedError } from '../record-versions/record-versions.errors.js';
import type { RecordConflict, Resolution } from './record-conflict.js';
import { RecordConflictsRepository } from './record-conflicts.repository.js';

/** An operator's decision on one conflict. */
export interface ResolveConflictCommand {
  readonly conflictId: string;
  readonly resolution: Resolution;
  /** `admin:<operator>`. */
  readonly actor: string;
  readonly note: string;
}

/**
 * Resolves a conflict. accept-incoming stores the held event through the event store, routed as if
 * just published, in the transaction that marks the conflict accepted and hands the record to the
 * incoming agency; keep-current refuses it and keeps the reason for the publisher. Asking again for
 * the resolution already made answers the conflict as it is (idempotent); asking for the other one
 * is refused. Of two concurrent resolves one wins (the conflict row is locked and checked open).
 */
@Injectable()
export class ResolveConflictHandler {
  private readonly cipher: FieldCipher;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly conflicts: RecordConflictsRepository,
    config: HubConfig,
  ) {
    this.cipher = fieldCipherOf(config);
  }

  async execute(command: ResolveConflictCommand): Promise<RecordConflict> {
    const current = await this.find(command.conflictId);
    if (current.resolution) return this.alreadyResolved(current, command.resolution);
    try {
      if (command.resolution === 'keep-current') await this.conflicts.keepCurrent(command.conflictId, command.actor, command.note);
      else await this.accept(command);
    } catch (error) {
      if (!(error instanceof ConflictAlreadyResolvedError)) throw error;
    }
    const resolved = await this.find(command.conflictId);
    return this.alreadyResolved(resolved, command.resolution);
  }

  private async accept(command: ResolveConflictCommand): Promise<void> {
    const queued = await this.conflicts.queuedEvent(command.conflictId);
    if (!queued) throw notFound(command.conflictId);
    const envelope = decryptEventData(this.cipher, JSON.parse(queued.storedEnvelope) as EventEnvelope<object>);
    const event: PreparedEvent = {
      ...queued,
      envelope,
      payload: JSON.stringify(envelope),
      resolves: { conflictId: command.conflictId, actor: command.actor, note: command.note },
    };
    await this.store.storeNew([event]);
  }

  private alreadyResolved(conflict: RecordConflict, wanted: Resolution): RecordConflict {
    if (conflict.resolution && conflict.resolution.resolution !== wanted) {
      throw new ConflictAlreadyResolvedError(conflict.id, conflict.resolution.resolution);
    }
    return conflict;
  }

  private async find(id: string): Promise<RecordConflict> {
    const conflict = await this.conflicts.get(id);
    if (!conflict) throw notFound(id);
    return conflict;
  }
}

export function notFound(id: string): AdminNotFoundError {
  return new AdminNotFoundError(`Record conflict ${id}`, 'Check the conflictId the publish answer gave, or list the conflicts.');
}
