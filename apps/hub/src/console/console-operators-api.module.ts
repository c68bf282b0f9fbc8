import { Module } from '@nestjs/common';
import { AdminAuthModule } from '../kernel/index.js';
import { AdminConsoleOperatorsController } from './operators/admin-console-operators.controller.js';
import { ManageOperatorsHandler } from './operators/manage-operators.handler.js';

/** Console accounts in the admin API (`api` role, admin token). */
@Module({ imports: [AdminAuthModule], controllers: [AdminConsoleOperatorsController], providers: [ManageOperatorsHandler] })
export class ConsoleOperatorsApiModule {}
