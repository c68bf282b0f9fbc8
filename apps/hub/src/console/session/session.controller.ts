import { Body, Controller, Delete, Get, HttpCode, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { HubConfig } from '../../config/hub-config.js';
import { ConsoleExceptionFilter } from '../kernel/console-exception.filter.js';
import { NoSession, SignedIn } from './console-access.js';
import { ConsoleSessionGuard } from './console-session.guard.js';
import { ConsoleSessionsRepository } from './console-sessions.repository.js';
import { LogInHandler } from './log-in.handler.js';
import { csrfTokenOf, sessionCookie } from './session-token.js';
import type { SessionView, SignedInOperator } from './signed-in-operator.js';

/** `POST /console/api/session` logs in, `GET` says who is signed in (401 if no one), `DELETE` logs out. */
@Controller('console/api/session')
@UseGuards(ConsoleSessionGuard)
@UseFilters(ConsoleExceptionFilter)
export class SessionController {
  constructor(
    private readonly logIn: LogInHandler,
    private readonly sessions: ConsoleSessionsRepository,
    private readonly config: HubConfig,
  ) {}

  @Post()
  @HttpCode(200)
  @NoSession()
  async open(@Body() body: unknown, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<SessionView> {
    const { token, ...view } = await this.logIn.logIn(body, request.socket.remoteAddress);
    response.setHeader('Set-Cookie', sessionCookie(request, token, this.config.CONSOLE_SESSION_MAX_HOURS * 3600));
    response.setHeader('Cache-Control', 'no-store');
    return view;
  }

  @Get()
  current(@SignedIn() operator: SignedInOperator, @Res({ passthrough: true }) response: Response): SessionView {
    response.setHeader('Cache-Control', 'no-store');
    const { token, ...shown } = operator;
    return { operator: shown, csrfToken: csrfTokenOf(token) };
  }

  @Delete()
  @HttpCode(204)
  async close(
    @SignedIn() operator: SignedInOperator,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<void> {
    await this.sessions.end(operator.token);
    response.setHeader('Set-Cookie', sessionCookie(request, undefined, 0));
  }
}
