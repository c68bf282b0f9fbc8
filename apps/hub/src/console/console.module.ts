import { Module } from '@nestjs/common';
import { RecordConflictsModule } from '../events/index.js';
import { MinuteSampler } from '../ops/index.js';
import { ReconciliationsRepository } from '../records/index.js';
import { ReplayModule } from '../replay/index.js';
import { SubscriptionsModule } from '../subscriptions/index.js';
import { WebhooksModule } from '../webhooks/index.js';
import { ListAgenciesQuery } from './agencies/list-agencies.query.js';
import { LinkageController } from './linkage/linkage.controller.js';
import { LinkageProxy } from './linkage/linkage-proxy.js';
import { ConsoleReconciliationsController } from './reconciliations/reconciliations.controller.js';
import { PathController } from './path/path.controller.js';
import { ShowPersonPathQuery } from './path/show-person-path.query.js';
import { ChangeSubscriptionHandler } from './subscriptions/change-subscription.handler.js';
import { SubscriptionsController } from './subscriptions/subscriptions.controller.js';
import { AuditStatus } from './audit/audit-status.js';
import { ConflictsController } from './conflicts/conflicts.controller.js';
import { ResolveConsoleConflictHandler } from './conflicts/resolve-console-conflict.handler.js';
import { AdapterDeadLetters } from './dead-letters/adapter-dead-letters.js';
import { ActOnDeadLettersHandler } from './dead-letters/act-on-dead-letters.handler.js';
import { DeadLettersController } from './dead-letters/dead-letters.controller.js';
import { KafkaDeadLetters } from './dead-letters/kafka-dead-letters.js';
import { InspectDeadLetterQuery } from './dead-letters/inspect-dead-letter.query.js';
import { ListDeadLettersQuery } from './dead-letters/list-dead-letters.query.js';
import { ConsoleJobsRepository } from './jobs/console-jobs.repository.js';
import { FlowsController } from './flows/flows.controller.js';
import { ShowFlowsQuery } from './flows/show-flows.query.js';
import { LagController } from './lag/lag.controller.js';
import { ReadConsumerGroups } from './lag/read-consumer-groups.js';
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
  imports: [WebhooksModule, SubscriptionsModule, ReplayModule, RecordConflictsModule],
  controllers: [
    SessionController,
    OverviewController,
    FlowsController,
    LagController,
    DeadLettersController,
    SubscriptionsController,
    PathController,
    LinkageController,
    ConsoleReconciliationsController,
    ConflictsController,
  ],
  providers: [
    ConsoleSessionsRepository,
    LoginThrottle,
    LogInHandler,
    ConsoleSessionGuard,
    AuditStatus,
    ShowOverviewQuery,
    ShowFlowsQuery,
    ShowLagQuery,
    ReadConsumerGroups,
    MinuteSampler,
    ListDeadLettersQuery,
    InspectDeadLetterQuery,
    ActOnDeadLettersHandler,
    KafkaDeadLetters,
    AdapterDeadLetters,
    ConsoleJobsRepository,
    ListAgenciesQuery,
    ChangeSubscriptionHandler,
    ShowPersonPathQuery,
    LinkageProxy,
    ReconciliationsRepository,
    ResolveConsoleConflictHandler,
  ],
})
export class ConsoleModule {}
