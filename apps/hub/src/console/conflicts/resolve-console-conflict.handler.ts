import { Injectable } from '@nestjs/common';
import { isUuid } from '@hub/contracts';
import {
  RecordConflictsRepository,
  ResolveConflictHandler,
  RESOLUTIONS,
  type RecordConflict,
  type Resolution,
} from '../../events/index.js';
import { ConsoleError, invalidInput, notFound } from '../kernel/console.errors.js';
import { consoleActor } from '../operators/console-operator.js';

const MAX_NOTE = 1000;

/**
 * An operator accepts or rejects a held change from the console: the body is checked here (field
 * and zh/en message, as every console form), then the admin API's ResolveConflictHandler decides,
 * stores and audits under `admin:console:<username>`; its final outcome reaches the publisher.
 */
@Injectable()
export class ResolveConsoleConflictHandler {
  constructor(
    private readonly conflicts: RecordConflictsRepository,
    private readonly resolver: ResolveConflictHandler,
  ) {}

  async resolve(id: string, body: unknown, username: string): Promise<RecordConflict> {
    const { resolution, note } = resolutionOf(body);
    if (!isUuid(id) || !(await this.conflicts.get(id))) throw notFound(`Record conflict ${id}`, `记录冲突 ${id}`);
    try {
      return await this.resolver.execute({ conflictId: id, resolution, note, actor: consoleActor(username) });
    } catch (error) {
      if (error instanceof Error && 'code' in error && error.code === 'CONFLICT_ALREADY_RESOLVED') throw alreadyResolved(id);
      throw error;
    }
  }
}

function resolutionOf(body: unknown): { resolution: Resolution; note: string } {
  const value = (typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
  for (const field of Object.keys(value)) {
    if (field !== 'resolution' && field !== 'note') {
      throw invalidInput(
        field,
        'is not a field of a resolution; give resolution and note',
        '不是处理意见的字段；请只提供 resolution 和 note',
      );
    }
  }
  const resolution = value['resolution'];
  if (typeof resolution !== 'string' || !(RESOLUTIONS as readonly string[]).includes(resolution)) {
    throw invalidInput(
      'resolution',
      `must be one of ${RESOLUTIONS.join(', ')} (accept the held version, or keep the current one)`,
      `必须是 ${RESOLUTIONS.join('、')} 之一（采用待定版本，或保留现有版本）`,
    );
  }
  const note = typeof value['note'] === 'string' ? value['note'].trim() : '';
  if (note.length === 0 || note.length > MAX_NOTE) {
    throw invalidInput('note', `is required: say why, in 1 to ${MAX_NOTE} characters`, `必填：请说明理由，1 至 ${MAX_NOTE} 个字符`);
  }
  return { resolution: resolution as Resolution, note };
}

const alreadyResolved = (id: string): ConsoleError =>
  new ConsoleError(
    'CONFLICT_ALREADY_RESOLVED',
    409,
    `Conflict ${id} was already resolved the other way; a resolution is final. Reload the queue.`,
    `冲突 ${id} 已按另一种方式处理；处理结果不可更改。请刷新队列。`,
  );
