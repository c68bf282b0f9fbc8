import { Module } from '@nestjs/common';
import { MinuteSampler } from '../ops/index.js';
import { AuditStatus } from './audit/audit-status.js';
import { FlowsController } from './flows/flows.controller.js';
import { ShowFlowsQuery } from './flows/show-flows.query.js';
import { LagController } from './lag/lag.controller.js';
import { ShowLagQuery } from './lag/show-lag.query.js';
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
  controllers: [SessionController, OverviewController, FlowsController, LagController],
  providers: [
    ConsoleSessionsRepository,
    LoginThrottle,
    LogInHandler,
    ConsoleSessionGuard,
    AuditStatus,
    ShowOverviewQuery,
    ShowFlowsQuery,
    ShowLagQuery,
    MinuteSampler,
  ],
})
export class ConsoleModule {}
