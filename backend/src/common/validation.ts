import { type ArgumentMetadata, ValidationPipe, type ValidationError } from '@nestjs/common';
import { type FieldError, ValidationProblem } from './problems.js';
import { requestContext } from './request-context.js';

function join(parent: string, property: string): string {
  if (!parent) return property;
  return /^\d+$/.test(property) ? `${parent}[${property}]` : `${parent}.${property}`;
}

/** class-validator's tree of errors as a flat list naming each field by its path. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const e of errors) {
    const field = join(parent, e.property);
    for (const [rule, message] of Object.entries(e.constraints ?? {})) {
      out.push({
        field,
        message: rule === 'whitelistValidation' ? 'Unknown field.' : message,
      });
    }
    if (e.children?.length) out.push(...flattenValidationErrors(e.children, field));
  }
  return out;
}

/** Half a surrogate pair: with NUL, text PostgreSQL refuses to store (in text and in jsonb alike). */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The first string in `value` PostgreSQL could not store, named by its path (`root` for `value` itself). */
export function unstorableText(value: unknown, root: string): FieldError | undefined {
  const stack: [unknown, string][] = [[value, '']];
  while (stack.length) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes('\u0000') || LONE_SURROGATE.test(v)) {
        return {
          field: path || root,
          message: 'Text must not contain NUL characters or unpaired surrogates.',
        };
      }
    } else if (v !== null && typeof v === 'object') {
      for (const [k, child] of Object.entries(v)) stack.push([child, join(path, k)]);
    }
  }
  return undefined;
}

type DtoClass = new () => unknown;

/** Refuses text the database cannot store with a 400 naming the field, instead of a 500 from the INSERT. */
class TextCheckingValidationPipe extends ValidationPipe {
  /** Per query DTO class: whether an empty query string passes its validation. */
  private readonly emptyQueryValid = new Map<DtoClass, boolean>();

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'query' && isEmptyObject(value) && this.toValidate(metadata)) {
      // Most reads carry no query string. Whether an empty one is valid is the same answer every
      // time, so it is worked out once per DTO class, and then the answer is what
      // class-transformer makes of nothing: a fresh instance (2% of a list read's CPU otherwise).
      const dto = metadata.metatype as DtoClass;
      const valid = this.emptyQueryValid.get(dto);
      if (valid) return new dto();
      if (valid === undefined) {
        const result = await super.transform(value, metadata).catch((err: unknown) => {
          this.emptyQueryValid.set(dto, false);
          throw err;
        });
        this.emptyQueryValid.set(dto, true);
        return result;
      }
    }
    if (metadata.type === 'body' && requestContext.current()?.unreadBodyType !== undefined) {
      throw ValidationProblem.field(
        'Content-Type',
        'The body must be JSON (Content-Type: application/json).',
      );
    }
    if (metadata.type === 'body' || metadata.type === 'query') {
      const problem = unstorableText(value, metadata.data ?? metadata.type);
      if (problem) throw new ValidationProblem([problem]);
    }
    return super.transform(value, metadata);
  }
}

function isEmptyObject(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  for (const _ in value) return false;
  return true;
}

/** Strips nothing silently: an unknown field is an error, as is every constraint broken. */
export function createValidationPipe(): ValidationPipe {
  return new TextCheckingValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new ValidationProblem(flattenValidationErrors(errors)),
  });
}
