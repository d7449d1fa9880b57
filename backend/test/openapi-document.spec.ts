/**
 * The committed OpenAPI document (backend/openapi.json, which the console's API types and the
 * Redocly lint read) is exactly what the app serves at /api/docs-json, and what
 * `npm run openapi` writes without a database. A DTO or decorator change without
 * `npm run openapi -w backend` fails here.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { getMetadataStorage } from 'class-validator';
import { readFileSync } from 'node:fs';
import { API_PREFIX } from '../src/app.js';
import { AuditQuery } from '../src/audit/audit-events.controller.js';
import * as authDtos from '../src/auth/dto/auth.dto.js';
import * as clinicDtos from '../src/clinics/dto/clinic.dto.js';
import { PageQuery } from '../src/common/pagination.js';
import * as episodeDtos from '../src/episodes/dto/episode.dto.js';
import * as exerciseDtos from '../src/exercises/dto/exercise.dto.js';
import { documentWithoutDatabase, serializeOpenApi } from '../src/openapi-document.js';
import { AnalyticsQuery } from '../src/outcomes/outcomes.controller.js';
import * as patientDtos from '../src/patients/dto/patient.dto.js';
import * as userDtos from '../src/users/dto/user.dto.js';
import * as visitDtos from '../src/visits/dto/visit.dto.js';
import { createTestApp } from './test-app.js';

interface Schema {
  $ref?: string;
  allOf?: Schema[];
  type?: string;
  format?: string;
  enum?: unknown[];
  nullable?: boolean;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
}
/** A class-validator DTO class. */
type DtoClass = new (...args: never[]) => object;
/** A property as the document has it, with whether it is required. */
type Prop = Omit<Schema, 'required'> & { required?: boolean };

interface Document {
  paths: Record<
    string,
    Record<
      string,
      {
        summary?: string;
        parameters: { name: string; in: string; required?: boolean; schema: Schema }[];
        responses: Record<string, { content?: object }>;
      }
    >
  >;
  components: { schemas: Record<string, Schema> };
}

const committed = readFileSync(new URL('../openapi.json', import.meta.url), 'utf8');
const doc = JSON.parse(committed) as Document;

/** Every request DTO class (a body schema of the document, or a query's class). */
const DTOS: DtoClass[] = [authDtos, clinicDtos, episodeDtos, exerciseDtos, patientDtos, userDtos, visitDtos]
  .flatMap((m) => Object.values(m))
  .filter((v): v is DtoClass => typeof v === 'function' && /(Dto|Query)$/.test(v.name))
  .concat([AuditQuery, AnalyticsQuery, PageQuery]);
/** Where each query class is read (its parameters there). */
const QUERIES = new Map<DtoClass, string>([
  [patientDtos.PatientQuery, '/api/v1/patients'],
  [exerciseDtos.ExerciseQuery, '/api/v1/exercises'],
  [AuditQuery, '/api/v1/audit-events'],
  [AnalyticsQuery, '/api/v1/analytics/outcomes'],
  [PageQuery, '/api/v1/users'],
]);
const t = await createTestApp();

afterAll(async () => {
  await t.close();
});

const REGENERATE = 'backend/openapi.json is stale: run `npm run openapi -w backend` and commit it';

describe('the committed OpenAPI document', () => {
  it('is what the app serves at /api/docs-json', async () => {
    const served = (await t.http().get('/api/docs-json').expect(200)).body as object;
    const same = serializeOpenApi(served) === committed;
    if (!same) expect(serializeOpenApi(served)).toBe(REGENERATE);
    expect(same).toBe(true);
  });

  it('is what `npm run openapi` builds without a database', async () => {
    const built = serializeOpenApi(await documentWithoutDatabase(API_PREFIX));
    if (built !== committed) expect(built).toBe(REGENERATE);
    expect(built).toBe(committed);
  });

  it('gives every error answer a problem+json schema and every operation a summary', () => {
    const doc = JSON.parse(committed) as {
      paths: Record<
        string,
        Record<string, { summary?: string; responses: Record<string, { content?: object }> }>
      >;
    };
    const missing: string[] = [];
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        if (!op.summary) missing.push(`${method} ${path}: summary`);
        for (const [status, response] of Object.entries(op.responses)) {
          const content = Object.keys(response.content ?? {});
          if (Number(status) >= 400 && content.join() !== 'application/problem+json')
            missing.push(`${method} ${path} ${status}: ${content.join() || 'no content'}`);
          if (Number(status) < 300 && status !== '204' && content.length === 0)
            missing.push(`${method} ${path} ${status}: no schema`);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});

/**
 * What class-validator enforces on each request DTO and query, as the document declares it:
 * lengths, bounds, integers, enums, formats, array sizes, required and nullable. A validator
 * changed without its `@ApiProperty` (or the other way round) fails here.
 */
describe('the document declares what the validators enforce', () => {
  const schemas = doc.components.schemas;
  const resolve = (input: Schema | Prop | undefined): Prop => {
    // Only `required` differs between the two, and a property's schema never carries a list.
    const s = input as Prop | undefined;
    if (!s) return {};
    if (s.$ref) return { ...resolve(schemas[s.$ref.split('/').pop()!]), ...s, $ref: undefined };
    if (s.allOf?.length === 1) return { ...resolve(s.allOf[0]), ...s, allOf: undefined };
    return s;
  };

  /** The document's view of each property of a body DTO or a query. */
  function documented(name: string, cls: DtoClass): Map<string, Prop> {
    const body = schemas[name];
    if (body) {
      return new Map(
        Object.entries(body.properties ?? {}).map(([k, v]) => [
          k,
          { ...resolve(v), required: (body.required ?? []).includes(k) },
        ]),
      );
    }
    const op = QUERIES.get(cls);
    if (!op) throw new Error(`${name}: neither a schema of the document nor a known query`);
    const params = doc.paths[op].get.parameters.filter((p) => p.in === 'query');
    return new Map(params.map((p) => [p.name, { ...resolve(p.schema), required: !!p.required }]));
  }

  function mismatches(cls: DtoClass): string[] {
    const props = documented(cls.name, cls);
    const out: string[] = [];
    const expectSame = (where: string, what: string, actual: unknown, wanted: unknown) => {
      if (JSON.stringify(actual) !== JSON.stringify(wanted))
        out.push(
          `${where}: ${what} is ${JSON.stringify(actual)} in the document, ${JSON.stringify(wanted)} in the validators`,
        );
    };
    const metas = getMetadataStorage().getTargetValidationMetadatas(cls, '', true, false);
    const byProperty = new Map<string, typeof metas>();
    for (const m of metas) byProperty.set(m.propertyName, [...(byProperty.get(m.propertyName) ?? []), m]);
    for (const [property, list] of byProperty) {
      const where = `${cls.name}.${property}`;
      const p = props.get(property);
      if (!p) {
        out.push(`${where}: validated, but not in the document`);
        continue;
      }
      const conditional = list.find((m) => m.type === 'conditionalValidation');
      expectSame(where, 'required', p.required, !conditional);
      // A query string is never null; a body field under @IsOptional() may be.
      if (!QUERIES.has(cls)) expectSame(where, 'nullable', !!p.nullable, conditional?.name === 'isOptional');
      for (const m of list) {
        const target: Prop = m.each ? resolve(p.items) : p;
        const c = (m.constraints ?? []) as unknown[];
        switch (m.name) {
          case 'isLength':
            expectSame(where, 'minLength', target.minLength, c[0]);
            expectSame(where, 'maxLength', target.maxLength, c[1]);
            break;
          case 'maxLength':
            expectSame(where, 'maxLength', target.maxLength, c[0]);
            break;
          case 'min':
            expectSame(where, 'minimum', target.minimum, c[0]);
            break;
          case 'max':
            expectSame(where, 'maximum', target.maximum, c[0]);
            break;
          case 'isInt':
            expectSame(where, 'type', target.type, 'integer');
            break;
          case 'isNumber':
            expectSame(where, 'type', target.type, 'number');
            break;
          case 'isBoolean':
            expectSame(where, 'type', target.type, 'boolean');
            break;
          case 'isIn':
            expectSame(where, 'enum', [...(target.enum ?? [])].sort(), [...(c[0] as unknown[])].sort());
            break;
          case 'arrayMaxSize':
            expectSame(where, 'maxItems', p.maxItems, c[0]);
            break;
          case 'arrayMinSize':
            expectSame(where, 'minItems', p.minItems, c[0]);
            break;
          case 'arrayUnique':
            expectSame(where, 'uniqueItems', p.uniqueItems, true);
            break;
          case 'isEmail':
            expectSame(where, 'format', target.format, 'email');
            break;
          case 'isUuid':
            expectSame(where, 'format', target.format, 'uuid');
            break;
          case 'isCalendarDate':
          case 'isBirthDate':
            expectSame(where, 'format', target.format, 'date');
            break;
          case 'isInstant':
            expectSame(where, 'format', target.format, 'date-time');
            break;
        }
      }
    }
    return out;
  }

  it('for every request DTO and query', () => {
    const requestSchemas = Object.keys(schemas).filter((n) => n.endsWith('Dto'));
    const known = new Set(DTOS.map((c) => c.name));
    expect(requestSchemas.filter((n) => !known.has(n))).toEqual([]);
    expect(DTOS.flatMap(mismatches)).toEqual([]);
  });
});
