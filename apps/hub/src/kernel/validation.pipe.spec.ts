import { describe, expect, it } from '@jest/globals';
import type { ArgumentMetadata } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Min, ValidateNested } from 'class-validator';
import { AdminInputInvalidError } from './admin.errors.js';
import { AbsentBodyIsEmpty, EmptyBody, HubValidationPipe } from './validation.pipe.js';

class Limit {
  @IsInt()
  @Min(1)
  max: number;
}

class ExampleDto {
  @IsString()
  reason: string;

  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => Limit)
  limits?: Limit[];
}

@AbsentBodyIsEmpty()
class OptionalDto {
  @IsOptional()
  @IsString()
  note?: string;
}

const pipe = new HubValidationPipe();
const body = (metatype: ArgumentMetadata['metatype']): ArgumentMetadata => ({ type: 'body', metatype });

async function issuesOf(run: () => unknown): Promise<string[]> {
  try {
    await run();
  } catch (error) {
    if (error instanceof AdminInputInvalidError) return error.issues.map((issue) => `${issue.path}:${issue.rule}:${issue.message}`);
    throw error;
  }
  throw new Error('expected the input to be refused');
}

describe('HubValidationPipe', () => {
  it('gives the handler an instance of the DTO, nested classes included', async () => {
    const value = await pipe.transform({ reason: 'audit', limits: [{ max: 2 }] }, body(ExampleDto));
    expect(value).toBeInstanceOf(ExampleDto);
    expect((value as ExampleDto).limits?.[0]).toBeInstanceOf(Limit);
  });

  it('names each broken rule by its field path, and refuses fields the DTO does not name', async () => {
    expect(await issuesOf(() => pipe.transform({ limits: [{ max: 0 }], extra: 1 }, body(ExampleDto)))).toEqual([
      'extra:unknownField:extra is not a field of this request',
      'reason:isString:reason must be a string',
      'limits[0].max:min:limits[0].max must not be less than 1',
    ]);
  });

  it.each([[undefined], [null], [[{ reason: 'x' }]], ['reason']])('refuses a body that is not a JSON object (%j)', async (value) => {
    expect(await issuesOf(() => pipe.transform(value, body(ExampleDto)))).toEqual([':isObject:the body must be a JSON object']);
  });

  it('reads an absent body as {} where the DTO allows it', async () => {
    expect(await pipe.transform(undefined, body(OptionalDto))).toBeInstanceOf(OptionalDto);
    expect(await issuesOf(() => pipe.transform([], body(OptionalDto)))).toEqual([':isObject:the body must be a JSON object']);
  });

  it('leaves bodies without a DTO class, and parameters, as they are', async () => {
    const raw = { events: [] };
    expect(await pipe.transform(raw, body(Object))).toBe(raw);
    expect(await pipe.transform('abc', { type: 'param', metatype: String, data: 'id' })).toBe('abc');
  });
});

describe('EmptyBody', () => {
  it('takes {} only', async () => {
    expect(new EmptyBody().transform({})).toEqual({});
    expect(await issuesOf(() => new EmptyBody().transform({ reason: 'x' }))).toEqual([
      'reason:unknownField:reason is not a field of this request',
    ]);
    expect(await issuesOf(() => new EmptyBody().transform(undefined))).toEqual([
      ':isObject:the body must be a JSON object ({} for this action)',
    ]);
  });
});
