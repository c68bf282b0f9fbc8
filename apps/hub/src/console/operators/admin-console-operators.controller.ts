import { Body, Controller, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { AdminActor, AdminTokenGuard } from '../../kernel/index.js';
import type { ConsoleOperator } from './console-operator.js';
import { CreateConsoleOperatorDto, ResetConsolePasswordDto } from './console-operators.dto.js';
import { ManageOperatorsHandler, type OperatorWithPassword } from './manage-operators.handler.js';

/**
 * Console accounts (admin token): `POST /v1/admin/console-operators` creates one (the password
 * given, or one the hub generates and answers once), `GET` lists them, `POST …/{username}/disable`
 * ends its sessions and refuses its logins, `POST …/{username}/password` sets a new password (and
 * re-enables a disabled account).
 */
@Controller('v1/admin/console-operators')
@UseGuards(AdminTokenGuard)
export class AdminConsoleOperatorsController {
  constructor(private readonly operators: ManageOperatorsHandler) {}

  @Post()
  @HttpCode(201)
  create(@Body() body: CreateConsoleOperatorDto, @AdminActor() actor: string): Promise<OperatorWithPassword> {
    return this.operators.create(body, actor);
  }

  @Get()
  async list(): Promise<{ operators: ConsoleOperator[] }> {
    return { operators: await this.operators.list() };
  }

  @Post(':username/disable')
  @HttpCode(200)
  disable(@Param('username') username: string, @AdminActor() actor: string): Promise<ConsoleOperator> {
    return this.operators.disable(username, actor);
  }

  @Post(':username/password')
  @HttpCode(200)
  resetPassword(
    @Param('username') username: string,
    @Body() body: ResetConsolePasswordDto,
    @AdminActor() actor: string,
  ): Promise<OperatorWithPassword> {
    return this.operators.resetPassword(username, body.password, actor);
  }
}
