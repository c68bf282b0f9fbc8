import { Module } from '@nestjs/common';
import { AuditStatus } from './audit/audit-status.js';
import { OverviewController } from './overview/overview.controller.js';
import { ShowOverviewQuery } from './overview/show-overview.query.js';
import { ConsoleSessionGuard } from './session/console-session.guard.js';
import { ConsoleSessionsRepository } from './session/console-sessions.repository.js';
import { LogInHandler } from './session/log-in.handler.js';
import { LoginThrottle } from './session/login-throttle.js';
import { SessionController } from './session/session.controller.js';

/**
 * The ops console's API (`console` role) at `/console/api`: operators' sessions, and one query or
 * handler per page or action, over the same handlers the admin API uses. The web app's files are
 * served by serveConsoleWeb.
 */
@Module({
  controllers: [SessionController, OverviewController],
  providers: [ConsoleSessionsRepository, LoginThrottle, LogInHandler, ConsoleSessionGuard, AuditStatus, ShowOverviewQuery],
})
export class ConsoleModule {}
