import { Body, ConflictException, Controller, Get, HttpCode, Post, ServiceUnavailableException } from '@nestjs/common';
import { ValidationFailedError } from '@hub/contracts';
import { DataSource } from 'typeorm';
import type { RecordedReconciliation } from './reconcile-and-record.js';
import { ReconcileRangeError, reconcileRangeOf } from './reconcile-range.js';
import { ReconcileService, ReconciliationNotConfiguredError, ReconciliationRunningError } from './reconcile.service.js';
import { latestReconciliation } from './reconciliation-store.js';
import type { Reconciliation } from './reconciliation.js';

/**
 * `POST /v1/reconciliations` `{from?, to?, repair?}`: reconciles now (as `npm run bureau -- reconcile`)
 * and answers its summary and findings; `GET /v1/reconciliations/latest`: the last result.
 */
@Controller('v1/reconciliations')
export class ReconcileController {
  constructor(
    private readonly reconciler: ReconcileService,
    private readonly db: DataSource,
  ) {}

  @Post()
  @HttpCode(200)
  async reconcile(@Body() body: unknown): Promise<RecordedReconciliation> {
    const { from, to, repair } = requestOf(body);
    try {
      return await this.reconciler.run('api', reconcileRangeOf(from, to, { from: 'from', to: 'to' }), repair);
    } catch (error) {
      if (error instanceof ReconcileRangeError)
        throw invalid(error.option, 'isMonthRange', error.message, '对账月份范围无效：from/to 须为 YYYY-MM，且 to 不早于 from。');
      if (error instanceof ReconciliationRunningError)
        throw new ConflictException({
          code: 'RECONCILIATION_RUNNING',
          message: error.message,
          messageZh: '对账正在进行，请待其完成后再试。',
        });
      if (error instanceof ReconciliationNotConfiguredError)
        throw new ServiceUnavailableException({
          code: 'RECONCILIATION_NOT_CONFIGURED',
          message: error.message,
          messageZh: '未配置 HUB_URL 和 HUB_API_KEY，无法对账。',
        });
      throw error;
    }
  }

  @Get('latest')
  async latest(): Promise<{ reconciliation: (Reconciliation & { reportedAt: string | null }) | null }> {
    return { reconciliation: (await latestReconciliation(this.db)) ?? null };
  }
}

function requestOf(body: unknown): { from?: string; to?: string; repair: boolean } {
  const input = (body ?? {}) as Record<string, unknown>;
  if (typeof input !== 'object' || Array.isArray(input))
    throw invalid('', 'isObject', 'the body must be a JSON object {from?, to?, repair?}', '请求体须为 JSON 对象');
  for (const name of Object.keys(input)) {
    if (!['from', 'to', 'repair'].includes(name))
      throw invalid(name, 'unknownField', `${name} is not a field of this request (from, to, repair)`, `${name} 不是本请求的字段`);
  }
  for (const name of ['from', 'to'] as const) {
    if (input[name] !== undefined && typeof input[name] !== 'string')
      throw invalid(name, 'isMonth', `${name} must be a month, YYYY-MM`, `${name} 须为 YYYY-MM 格式的月份`);
  }
  if (input['repair'] !== undefined && typeof input['repair'] !== 'boolean')
    throw invalid('repair', 'isBoolean', 'repair must be true or false', 'repair 须为 true 或 false');
  return {
    ...(input['from'] === undefined ? {} : { from: input['from'] as string }),
    ...(input['to'] === undefined ? {} : { to: input['to'] as string }),
    repair: input['repair'] === true,
  };
}

/** A reconciliation request that breaks a rule: 400 with the field, the rule and zh/en messages. */
class ReconcileRequestInvalidError extends ValidationFailedError {
  constructor(path: string, rule: string, message: string, messageZh: string) {
    super([{ path, rule, message, messageZh }]);
    this.message = `The reconciliation request is invalid: ${message}. Fix it and send it again.`;
  }
}

function invalid(path: string, rule: string, message: string, messageZh: string): ReconcileRequestInvalidError {
  return new ReconcileRequestInvalidError(path, rule, message, messageZh);
}
