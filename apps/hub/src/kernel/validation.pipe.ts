import { Injectable, ValidationPipe, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { AdminInputInvalidError } from './admin.errors.js';
import { inputIssues, notAnObject, STRICT_INPUT } from './validate-input.js';

const ABSENT_BODY_IS_EMPTY = Symbol('AbsentBodyIsEmpty');

/** Marks a body DTO whose fields are all optional, so a request without a body reads as `{}`. */
export function AbsentBodyIsEmpty(): ClassDecorator {
  return (target) => Reflect.defineMetadata(ABSENT_BODY_IS_EMPTY, true, target);
}

/**
 * The hub's global ValidationPipe: every `@Body()` typed with a DTO class is read into that class
 * and checked (unknown fields refused), so the handler gets a typed, valid instance. A body that
 * is not a JSON object, and every broken rule, is one AdminInputInvalidError: 400 with the field
 * path, the rule and the message of each issue, in English and Chinese (HubExceptionFilter).
 * It runs after the strict JSON reader and the admission gate, so it sees only bodies of callers
 * with credentials, parsed without duplicate or forbidden member names.
 */
@Injectable()
export class HubValidationPipe extends ValidationPipe {
  constructor() {
    super({
      ...STRICT_INPUT,
      transform: true,
      exceptionFactory: (errors) => new AdminInputInvalidError(inputIssues(errors)),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && metadata.metatype && this.toValidate(metadata)) {
      const absentIsEmpty = value === undefined && Reflect.getMetadata(ABSENT_BODY_IS_EMPTY, metadata.metatype) === true;
      if (!absentIsEmpty && !isJsonObject(value)) throw notAnObject();
    }
    return super.transform(value, metadata);
  }
}

/** `@Body(EmptyBody)` on actions without parameters: they take `{}`, and any field is refused rather than silently ignored. */
@Injectable()
export class EmptyBody implements PipeTransform {
  transform(value: unknown): Record<string, never> {
    if (!isJsonObject(value)) throw notAnObject('', ' ({} for this action)');
    const fields = Object.keys(value);
    if (fields.length > 0) {
      throw new AdminInputInvalidError(
        fields.map((path) => ({ path, rule: 'unknownField', message: `${path} is not a field of this request` })),
      );
    }
    return {};
  }
}

function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
