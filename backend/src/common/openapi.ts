/**
 * The shared pieces of the OpenAPI document: the problem+json schemas every error answer has,
 * the header decorators (If-Match, ETag, Idempotency-Key, Retry-After, the refresh cookie),
 * `@ApiProblems(...)` for the statuses an operation can answer, and `finishDocument`, which
 * applies the rules that hold for every operation (problem+json on every error, 401 on every
 * secured operation, 413 on every body, 503 everywhere, Idempotency-Key on authenticated POSTs).
 * Controllers use the decorators; `openapi-document.ts` calls `finishDocument`.
 */
import { applyDecorators, type Type } from '@nestjs/common';
import {
  ApiExtension,
  ApiExtraModels,
  ApiHeader,
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  getSchemaPath,
  type OpenAPIObject,
} from '@nestjs/swagger';
import type { ProblemType } from './problems.js';

const PROBLEM_TYPE_NAMES = [
  'validation',
  'unauthenticated',
  'forbidden',
  'not-found',
  'conflict',
  'visit-signed',
  'episode-closed',
  'precondition-required',
  'stale-version',
  'sign-incomplete',
  'idempotency-key-reused',
  'payload-too-large',
  'rate-limited',
  'unavailable',
] as const satisfies readonly ProblemType[];
// Every ProblemType is listed (a new one fails to compile here until it is).
const _everyProblemType: Record<ProblemType, true> = Object.fromEntries(
  PROBLEM_TYPE_NAMES.map((t) => [t, true]),
) as Record<(typeof PROBLEM_TYPE_NAMES)[number], true>;
void _everyProblemType;

/** `type` of a problem: `/problems/<name>`; a bare 500 is `about:blank`. */
export const PROBLEM_TYPES = [...PROBLEM_TYPE_NAMES.map((t) => `/problems/${t}`), 'about:blank'];

export class FieldErrorView {
  @ApiProperty({ example: 'visitDate', description: 'The field (a dotted path for nested ones), or `body`.' })
  field!: string;

  @ApiProperty({ example: 'visitDate must not be more than 5 minutes in the future' })
  message!: string;
}

/** RFC 9457 problem details: every answer that is not a success (problem-response.ts). */
export class ProblemView {
  @ApiProperty({ enum: PROBLEM_TYPES, enumName: 'ProblemType', example: '/problems/not-found' })
  type!: string;

  @ApiProperty({ example: 'Not found' })
  title!: string;

  @ApiProperty({ type: 'integer', minimum: 400, maximum: 599, example: 404, description: 'The HTTP status' })
  status!: number;

  @ApiProperty({ example: 'No such patient.' })
  detail!: string;

  @ApiPropertyOptional({
    type: [FieldErrorView],
    description: 'On 400 and on 422 /problems/sign-incomplete: every failing field, in order',
  })
  errors?: FieldErrorView[];

  @ApiPropertyOptional({ description: 'The X-Request-Id of the request, for the logs' })
  requestId?: string;
}

/** A 400: the same problem, with `errors` always present. */
export class ValidationProblemView {
  @ApiProperty({ enum: ['/problems/validation'] })
  type!: '/problems/validation';

  @ApiProperty({ example: 'Invalid request' })
  title!: string;

  @ApiProperty({ type: 'integer', enum: [400] })
  status!: 400;

  @ApiProperty({ example: 'The request has invalid fields.' })
  detail!: string;

  @ApiProperty({ type: [FieldErrorView] })
  errors!: FieldErrorView[];

  @ApiPropertyOptional({ description: 'The X-Request-Id of the request, for the logs' })
  requestId?: string;
}

export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

export type ProblemStatus = 400 | 401 | 403 | 404 | 409 | 412 | 413 | 422 | 428 | 429 | 503;

/** What each status means, in the order SPEC.md checks them; an operation may say more. */
const PROBLEM_DESCRIPTIONS: Record<ProblemStatus, string> = {
  400: 'Invalid input (unknown fields too); `errors` names every failing field.',
  401: 'No or invalid access token.',
  403: 'The caller lacks the right.',
  404: 'Not found in your clinic (another clinic’s is answered exactly like a missing one).',
  409: 'The resource’s state does not allow this.',
  412: 'If-Match names an older version; `detail` names the current one.',
  413: 'The body exceeds the size limit.',
  422: 'A business rule refuses the request.',
  428: 'If-Match is required.',
  429: 'Too many attempts; retry after Retry-After seconds.',
  503: 'The database cannot be reached or the server is busy; retry after Retry-After seconds.',
};

const RETRY_AFTER = {
  description: 'Seconds to wait before retrying.',
  schema: { type: 'integer', minimum: 1 },
} as const;

/** `retryable409`: the 409 of an idempotent POST still running carries Retry-After. */
function problemResponse(status: ProblemStatus, description: string, retryable409 = false) {
  const schema = { $ref: getSchemaPath(status === 400 ? ValidationProblemView : ProblemView) };
  return {
    description,
    content: { [PROBLEM_MEDIA_TYPE]: { schema } },
    ...(status === 429 || status === 503
      ? { headers: { 'Retry-After': { ...RETRY_AFTER, required: true } } }
      : {}),
    ...(status === 409 && retryable409 ? { headers: { 'Retry-After': RETRY_AFTER } } : {}),
  };
}

/**
 * The error statuses an operation answers, as problem+json: `@ApiProblems(404, [409, 'The
 * visit is signed.'])`. Statuses every operation of a kind answers (401, 413, 503, the
 * idempotency ones) are added by `finishDocument`.
 */
export function ApiProblems(...statuses: (ProblemStatus | [ProblemStatus, string])[]) {
  return applyDecorators(
    ApiExtraModels(ProblemView, ValidationProblemView, FieldErrorView),
    ...statuses.map((s) => {
      const [status, description] = Array.isArray(s) ? s : [s, PROBLEM_DESCRIPTIONS[s]];
      return ApiResponse({ status, ...problemResponse(status, description) });
    }),
  );
}

const ETAG_PATTERN = '^(W/)?"?\\d{1,9}"?$|^\\*$';

/**
 * `If-Match: "<version>"` (a weak `W/` prefix is ignored, `*` matches any version). Required:
 * a PATCH without it is 428; otherwise it is checked when sent. A stale one is 412, a malformed
 * one 400.
 */
export function ApiIfMatch(options: { required: boolean }) {
  return applyDecorators(
    ApiHeader({
      name: 'If-Match',
      required: options.required,
      description: options.required
        ? 'The ETag last read. Required: without it the answer is 428.'
        : 'The ETag last read; checked when sent.',
      schema: { type: 'string', pattern: ETAG_PATTERN, example: '"3"' },
    }),
    ApiProblems(
      [400, `${PROBLEM_DESCRIPTIONS[400]} A malformed If-Match is 400 too.`],
      ...(options.required ? ([428, 412] as const) : ([412] as const)),
    ),
  );
}

/** The `ETag: "<version>"` of a single-resource answer, for a success response's `headers`. */
export const ETAG_HEADER = {
  ETag: {
    description: 'The resource’s version, e.g. `"3"`; send it back as If-Match.',
    required: true,
    schema: { type: 'string', pattern: '^"\\d+"$', example: '"3"' },
  },
} as const;

/** The refresh cookie a sign-in answer sets (httpOnly, SameSite=Strict, path /api/v1/auth). */
export const REFRESH_COOKIE_HEADER = {
  'Set-Cookie': {
    description:
      'The refresh token `stride_refresh` (httpOnly, SameSite=Strict, path /api/v1/auth); ' +
      'POST /auth/refresh rotates it.',
    required: true,
    schema: { type: 'string' },
  },
} as const;

/** A single-resource answer: its schema and its `ETag`. */
export function ApiResource(status: 200 | 201, type: Type<unknown>, description?: string) {
  return ApiResponse({
    status,
    type,
    description: description ?? (status === 201 ? 'Created.' : 'The resource.'),
    headers: ETAG_HEADER,
  });
}

const REFRESH_COOKIE_EXTENSION = 'x-stride-refresh-cookie';

/** The operation reads the refresh cookie (documented as a cookie parameter). */
export function ApiRefreshCookie() {
  return ApiExtension(REFRESH_COOKIE_EXTENSION, true);
}

type Operation = {
  parameters?: { name: string; in: string; required?: boolean; description?: string; schema?: unknown }[];
  requestBody?: unknown;
  responses: Record<string, Record<string, unknown>>;
  security?: Record<string, string[]>[];
  [extension: `x-${string}`]: unknown;
};

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/**
 * The rules that hold for every operation, applied to the generated document:
 * - every error response is problem+json (a 400 a `ValidationProblem`), with Retry-After on
 *   429 and 503 (and, when an idempotent request is still running, on 409);
 * - 503 everywhere (load shedding answers it before routing), 401 on every secured operation,
 *   400 and 413 where there is a body, 400 where there is a query;
 * - an authenticated POST takes an optional `Idempotency-Key` (1–200 printable ASCII): 400 when
 *   malformed, 409 while the first request with the key runs, 422 when reused with another body
 *   (database/tenant-transaction.ts);
 * - an operation without a bearer token says so (`security: []`);
 * - every path parameter is a UUID (IdParam answers any other string 404).
 */
export function finishDocument(doc: OpenAPIObject): OpenAPIObject {
  for (const item of Object.values(doc.paths)) {
    for (const method of METHODS) {
      const op = (item as Record<string, Operation | undefined>)[method];
      if (!op) continue;
      const secured = (op.security ?? []).length > 0;
      const add = (status: ProblemStatus, description = PROBLEM_DESCRIPTIONS[status]) => {
        op.responses[String(status)] ??= { description };
      };
      if (secured) add(401);
      if (op.requestBody) {
        add(400);
        add(413);
      }
      if (op.parameters?.some((p) => p.in === 'query')) add(400);
      if (secured && method === 'post') {
        op.parameters = [
          ...(op.parameters ?? []),
          {
            name: 'Idempotency-Key',
            in: 'header',
            required: false,
            description:
              'Makes the POST safe to repeat: the first 2xx answer is stored and replayed for 24 hours ' +
              '(scoped to clinic, user, method and path).',
            schema: { type: 'string', minLength: 1, maxLength: 200, pattern: '^[\\x21-\\x7e]+$' },
          },
        ];
        add(400);
        add(
          409,
          'The resource’s state does not allow this, or a request with this Idempotency-Key is still running.',
        );
        add(422, 'A business rule refuses the request, or the Idempotency-Key was used with another body.');
      }
      add(503);
      if (op[REFRESH_COOKIE_EXTENSION]) {
        delete op[REFRESH_COOKIE_EXTENSION];
        op.parameters = [
          ...(op.parameters ?? []),
          {
            name: 'stride_refresh',
            in: 'cookie',
            required: false,
            description: 'The refresh token a sign-in set.',
            schema: { type: 'string' },
          },
        ];
      }
      if (!secured) op.security = [];
      for (const p of op.parameters ?? []) {
        // Every path parameter is an id read by IdParam (common/id-param.ts): not a UUID is 404.
        if (p.in === 'path') p.schema = { type: 'string', format: 'uuid' };
      }
      for (const [code, response] of Object.entries(op.responses)) {
        const status = Number(code) as ProblemStatus;
        if (status >= 400) {
          op.responses[code] = problemResponse(
            status,
            (response.description as string | undefined) || PROBLEM_DESCRIPTIONS[status],
            secured && method === 'post',
          );
        }
      }
      op.responses = Object.fromEntries(Object.entries(op.responses).sort(([a], [b]) => a.localeCompare(b)));
    }
  }
  tidySchemas(doc);
  return doc;
}

type Schema = {
  $ref?: string;
  allOf?: Schema[];
  nullable?: boolean;
  type?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  [key: string]: unknown;
};

/**
 * What @nestjs/swagger writes for a property of a named type, made plain: `allOf: [$ref]` alone
 * becomes the `$ref`; a nullable one keeps `allOf` (OpenAPI 3.0 ignores a `$ref`'s siblings)
 * and gets the referenced schema's `type` beside `nullable`, as 3.0 requires.
 */
function tidySchemas(doc: OpenAPIObject): void {
  const schemas = (doc.components?.schemas ?? {}) as Record<string, Schema>;
  const target = (ref: string) => schemas[ref.replace('#/components/schemas/', '')];
  const tidy = (s: Schema): Schema => {
    if (s.items) s.items = tidy(s.items);
    if (s.properties) {
      for (const [k, v] of Object.entries(s.properties)) s.properties[k] = tidy(v);
    }
    if (s.nullable === false) delete s.nullable;
    const only = s.allOf?.length === 1 ? s.allOf[0] : undefined;
    if (!only?.$ref) return s;
    if (s.nullable) {
      s.type = target(only.$ref)?.type ?? 'object';
      return s;
    }
    const { allOf: _allOf, type: _type, ...rest } = s;
    return Object.keys(rest).length === 0 ? { $ref: only.$ref } : s;
  };
  for (const [name, schema] of Object.entries(schemas)) schemas[name] = tidy(schema);
}
