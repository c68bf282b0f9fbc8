import { Module } from '@nestjs/common';
import { AdminToken, AdminTokenGuard } from './admin-token.guard.js';

/**
 * The admin token and its guard. Imported by the API modules only: a process that serves no admin
 * route (HUB_ROLES without `api`) never builds AdminToken, so it needs no ADMIN_TOKEN.
 */
@Module({ providers: [AdminToken, AdminTokenGuard], exports: [AdminToken, AdminTokenGuard] })
export class AdminAuthModule {}
