import { Inject, Injectable, Logger, type FactoryProvider, type OnModuleInit } from '@nestjs/common';
import { readAuditHashAlgorithm, setAuditHashAlgorithm } from '@hub/audit';
import { DataSource } from 'typeorm';
import { HubConfig } from '../config/hub-config.js';

/** What the audit chain hashes with at start, and why the hub cannot use it if it cannot. */
export interface AuditHashAlgorithmState {
  readonly algorithm: string;
  readonly problem?: string;
}

export const AUDIT_HASH_ALGORITHM_STATE = Symbol('AuditHashAlgorithmState');

/**
 * Makes the audit chain hash with AUDIT_HASH_ALGORITHM while the chain is empty (a database trigger
 * allows the change only then). A factory, so it runs before any module's `onModuleInit` writes the
 * first audit row (the policy loaded at start).
 */
export const auditHashAlgorithmState: FactoryProvider<AuditHashAlgorithmState> = {
  provide: AUDIT_HASH_ALGORITHM_STATE,
  inject: [DataSource, HubConfig],
  useFactory: async (dataSource: DataSource, config: HubConfig): Promise<AuditHashAlgorithmState> => {
    const wanted = config.AUDIT_HASH_ALGORITHM;
    const current = await readAuditHashAlgorithm(dataSource);
    if (current === wanted) return { algorithm: wanted };
    const [row] = await dataSource.query<{ written: boolean }[]>(
      'SELECT EXISTS (SELECT 1 FROM audit_log) OR EXISTS (SELECT 1 FROM audit_archive) OR EXISTS (SELECT 1 FROM audit_anchors) AS written',
    );
    if (row?.written) {
      return {
        algorithm: current,
        problem:
          `AUDIT_HASH_ALGORITHM is ${wanted} but the audit chain already holds rows hashed with ${current}; ` +
          `the algorithm can be chosen only before the first row. Set AUDIT_HASH_ALGORITHM=${current}.`,
      };
    }
    try {
      // SM3 in the database comes from pgcrypto; creating it needs the CREATE privilege on the database.
      if (wanted !== 'sha256') await dataSource.query('CREATE EXTENSION IF NOT EXISTS pgcrypto');
      await setAuditHashAlgorithm(dataSource, wanted);
    } catch (error) {
      return { algorithm: current, problem: `AUDIT_HASH_ALGORITHM=${wanted} cannot be used: ${(error as Error).message}` };
    }
    new Logger('AuditHashAlgorithm').log(`The audit chain hashes with ${wanted}.`);
    return { algorithm: wanted };
  },
};

/** Refuses to start the hub when the audit chain cannot hash with AUDIT_HASH_ALGORITHM. */
@Injectable()
export class AuditHashAlgorithmCheck implements OnModuleInit {
  constructor(@Inject(AUDIT_HASH_ALGORITHM_STATE) private readonly state: AuditHashAlgorithmState) {}

  onModuleInit(): void {
    if (this.state.problem) throw new Error(this.state.problem);
  }
}
