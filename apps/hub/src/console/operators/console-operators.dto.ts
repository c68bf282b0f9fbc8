import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { AbsentBodyIsEmpty } from '../../kernel/index.js';
import { CONSOLE_ROLES, USERNAME_FORMAT, type ConsoleRole } from './console-operator.js';
import { MIN_PASSWORD_LENGTH } from './password-hash.js';

export class CreateConsoleOperatorDto {
  @IsString()
  @Matches(USERNAME_FORMAT, { message: 'username must be 2–64 lower-case letters, digits or . _ - (starting with a letter or digit)' })
  username: string;

  @IsString()
  @Length(1, 100)
  @Matches(/^[^\p{Cc}]*$/u, { message: 'displayName must not contain control characters' })
  displayName: string;

  @IsIn(CONSOLE_ROLES)
  role: ConsoleRole;

  /** Left out: the hub generates one and answers it this once. */
  @IsOptional()
  @IsString()
  @Length(MIN_PASSWORD_LENGTH, 200, { message: `password must be ${MIN_PASSWORD_LENGTH}–200 characters` })
  password?: string;
}

@AbsentBodyIsEmpty()
export class ResetConsolePasswordDto {
  /** Left out: the hub generates one and answers it this once. */
  @IsOptional()
  @IsString()
  @Length(MIN_PASSWORD_LENGTH, 200, { message: `password must be ${MIN_PASSWORD_LENGTH}–200 characters` })
  password?: string;
}
