/**
 * A client generated from the committed document compiles against real calls and works:
 * openapi-typescript turns backend/openapi.json into types (test/openapi-client/generated/),
 * tsc type-checks test/openapi-client/client.ts against them (any error fails here, including
 * an `@ts-expect-error` that no longer errs because the document went loose), and the compiled
 * client then signs a clinic up, creates a patient, an episode and a visit, signs it and reads
 * analytics against the test app over HTTP. Every answer it gets is checked against the
 * document's schema: no field the document lacks, none it requires missing, types, enums and
 * nullability as declared.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo, Server } from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { randomEmail } from './factories.js';
import { createTestApp } from './test-app.js';
import type { ClientRun } from './openapi-client/client.js';

const DOCUMENT = new URL('../openapi.json', import.meta.url);
const CLIENT_DIR = fileURLToPath(new URL('./openapi-client/', import.meta.url));
const GENERATED = `${CLIENT_DIR}generated/`;

interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  nullable?: boolean;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  minimum?: number;
  maximum?: number;
}

const doc = JSON.parse(readFileSync(DOCUMENT, 'utf8')) as { components: { schemas: Record<string, Schema> } };

/** Where `value` does not fit `schema` of the document; empty when it does. */
function shapeErrors(schema: Schema, value: unknown, at: string): string[] {
  if (schema.$ref) return shapeErrors(doc.components.schemas[schema.$ref.split('/').pop()!], value, at);
  if (value === null) return schema.nullable ? [] : [`${at}: null, but not nullable`];
  if (schema.allOf) return schema.allOf.flatMap((s) => shapeErrors(s, value, at));
  if (schema.oneOf) {
    const fits = schema.oneOf.filter((s) => shapeErrors(s, value, at).length === 0);
    return fits.length === 1 ? [] : [`${at}: fits ${fits.length} of the oneOf schemas`];
  }
  const errors: string[] = [];
  if (schema.enum && !schema.enum.includes(value)) errors.push(`${at}: ${JSON.stringify(value)} not in enum`);
  if (schema.minimum !== undefined && typeof value === 'number' && value < schema.minimum)
    errors.push(`${at}: ${value} below minimum`);
  if (schema.maximum !== undefined && typeof value === 'number' && value > schema.maximum)
    errors.push(`${at}: ${value} above maximum`);
  switch (schema.type) {
    case 'string':
      if (typeof value !== 'string') return [`${at}: not a string`];
      if (schema.format === 'uuid' && !/^[0-9a-f-]{36}$/.test(value)) errors.push(`${at}: not a uuid`);
      if (schema.format === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(value)) errors.push(`${at}: not a date`);
      if (schema.format === 'date-time' && Number.isNaN(Date.parse(value)))
        errors.push(`${at}: not a date-time`);
      return errors;
    case 'integer':
      return Number.isInteger(value) ? errors : [`${at}: not an integer`];
    case 'number':
      return typeof value === 'number' ? errors : [`${at}: not a number`];
    case 'boolean':
      return typeof value === 'boolean' ? errors : [`${at}: not a boolean`];
    case 'array':
      if (!Array.isArray(value)) return [`${at}: not an array`];
      return value.flatMap((v, i) => shapeErrors(schema.items ?? {}, v, `${at}[${i}]`));
    default: {
      if (!schema.properties) return errors;
      if (typeof value !== 'object' || Array.isArray(value)) return [`${at}: not an object`];
      const record = value as Record<string, unknown>;
      for (const key of Object.keys(record)) {
        if (!(key in schema.properties)) errors.push(`${at}.${key}: answered, but not in the document`);
      }
      for (const key of schema.required ?? []) {
        if (!(key in record)) errors.push(`${at}.${key}: required by the document, but not answered`);
      }
      for (const [key, s] of Object.entries(schema.properties)) {
        if (key in record) errors.push(...shapeErrors(s, record[key], `${at}.${key}`));
      }
      return errors;
    }
  }
}

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });

const t = await createTestApp();
let baseUrl = '';

beforeAll(async () => {
  const server = t.app.getHttpServer() as Server;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await t.close();
});

describe('a client generated from backend/openapi.json', () => {
  let compiled = false;

  it('type-checks against the document (tsc, strict)', async () => {
    rmSync(GENERATED, { recursive: true, force: true });
    mkdirSync(GENERATED, { recursive: true });
    const ast = await openapiTS(DOCUMENT, { defaultNonNullable: false });
    writeFileSync(`${GENERATED}openapi.d.ts`, astToString(ast));

    const parsed = ts.getParsedCommandLineOfConfigFile(`${CLIENT_DIR}tsconfig.json`, undefined, {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    });
    const program = ts.createProgram({ rootNames: parsed!.fileNames, options: parsed!.options });
    const emitted = program.emit();
    const diagnostics = [...ts.getPreEmitDiagnostics(program), ...emitted.diagnostics].map((d) => {
      const where = d.file
        ? `${d.file.fileName.replace(CLIENT_DIR, '')}:${d.file.getLineAndCharacterOfPosition(d.start!).line + 1}`
        : '';
      return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
    expect(diagnostics).toEqual([]);
    compiled = true;
  });

  it('creates a patient, an episode and a visit and reads analytics, each answer as documented', async () => {
    expect(compiled).toBe(true);
    const client = (await import(pathToFileURL(`${GENERATED}out/client.js`).href)) as {
      run(baseUrl: string, email: string, visitDate: string): Promise<ClientRun>;
    };
    const visitDate = new Date(Math.floor((Date.now() - 120_000) / 60_000) * 60_000).toISOString();
    const r = await client.run(baseUrl, randomEmail('openapi-client'), visitDate);

    expect(r.patient.mrn).toBe('P-000001');
    expect(r.patientEtag).toBe('"1"');
    expect(r.renamed).toMatchObject({ firstName: 'Jordan Lee', version: 2, phone: null });
    expect(r.stale).toMatchObject({ type: '/problems/stale-version', status: 412 });
    expect(r.refused.status).toBe(400);
    expect(r.refused.errors.map((e) => e.field)).toContain('visitDate');
    expect(r.visit).toMatchObject({
      status: 'draft',
      flags: [],
      billing: { totalTimedMinutes: 23, totalUnits: 3 },
    });
    expect(r.signed).toMatchObject({ status: 'signed', signedBy: r.session.user.id });
    expect(r.visits.items.map((v) => v.id)).toEqual([r.visit.id]);
    expect(r.outcomes.measures.nprs_activity).toMatchObject({ baseline: 6, latest: null, change: null });
    expect(r.analytics.episodes).toEqual({ total: 1, active: 1, discharged: 0, cancelled: 0 });
    expect(r.analytics.painByWeek).toEqual([{ week: 0, mean: 6, n: 1 }]);
    expect(r.instruments.map((i) => i.code)).toEqual([
      'nprs_activity',
      'nprs_rest',
      'nprs_worst_24h',
      'lefs',
      'psfs',
    ]);

    const checks: [string, Schema, unknown][] = [
      ['session', ref('SessionView'), r.session],
      ['patient', ref('PatientView'), r.patient],
      ['renamed', ref('PatientView'), r.renamed],
      ['stale', ref('ProblemView'), r.stale],
      ['refused', ref('ValidationProblemView'), r.refused],
      ['episode', ref('EpisodeView'), r.episode],
      ['visit', ref('VisitView'), r.visit],
      ['signed', ref('VisitView'), r.signed],
      ['visits', ref('VisitPage'), r.visits],
      ['outcomes', ref('EpisodeOutcomesView'), r.outcomes],
      ['analytics', ref('AnalyticsView'), r.analytics],
      ['instruments', { type: 'array', items: ref('InstrumentView') }, r.instruments],
    ];
    expect(checks.flatMap(([name, schema, value]) => shapeErrors(schema, value, name))).toEqual([]);
  });
});
