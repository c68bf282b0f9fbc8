import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';

/**
 * The guard that decides who may read reports: the linkage service's API guard (keys of
 * LINKAGE_API_KEYS, the caller's agency, the call recorded with its purpose), given to
 * ReportsModule.register. Reports hold counts only, no person, so any authenticated caller reads them.
 */
export const REPORTS_API_GUARD = Symbol('REPORTS_API_GUARD');

/** Runs the guard ReportsModule was registered with, so the controller does not name a concrete one. */
@Injectable()
export class ReportsAccessGuard implements CanActivate {
  constructor(@Inject(REPORTS_API_GUARD) private readonly guard: CanActivate) {}

  canActivate(context: ExecutionContext): ReturnType<CanActivate['canActivate']> {
    return this.guard.canActivate(context);
  }
}
