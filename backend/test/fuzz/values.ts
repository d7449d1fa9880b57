/**
 * Values for bodies, query strings and path parameters, derived from OpenAPI schemas: valid
 * ones (so that some requests get through to the database) and hostile ones (wrong types,
 * boundaries, impossible dates, malformed instants, oversized or garbage arrays, injection
 * strings, NUL bytes, unicode). Nothing here knows an operation; the few domain hints below
 * only make valid values likelier to pass the API's business rules.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type { Schema } from './openapi.js';

/** A piece of JSON text put into a body verbatim (numbers JSON.stringify cannot write, e.g. 1e400). */
export class RawJson {
  constructor(readonly text: string) {}
}

/** Deletes the property (or array element) it replaces. */
export const DROP = Symbol('drop');

/** JSON text of a value that may hold RawJson pieces; `undefined` properties are left out. */
export function toJsonText(value: unknown): string {
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value))
    return `[${value.map((v) => (v === undefined ? 'null' : toJsonText(v))).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const parts: string[] = [];
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined || v === DROP) continue;
      parts.push(`${JSON.stringify(k)}:${toJsonText(v)}`);
    }
    return `{${parts.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** What the fuzzer knows of the fixtures when it builds values. */
export interface ValueContext {
  /** Ids of the caller's clinic (A) by kind, and of another clinic (B). */
  a: Record<string, string[]>;
  b: Record<string, string[]>;
  /** Ids every clinic may use (the global exercise library). */
  shared: Record<string, string[]>;
  /** Emails of existing accounts (duplicates), and the fixtures' password. */
  emails: string[];
  password: string;
}

export type Kind =
  | 'date'
  | 'instant'
  | 'uuid'
  | 'enum'
  | 'number'
  | 'boolean'
  | 'array'
  | 'object'
  | 'email'
  | 'timezone'
  | 'password'
  | 'string'
  | 'any';

const INSTANT_EXAMPLE = /^\d{4}-\d{2}-\d{2}T/;

export function kindOf(schema: Schema, name: string): Kind {
  const lower = name.toLowerCase();
  if (schema.enum?.length) return 'enum';
  if (schema.format === 'date') return 'date';
  if (
    schema.format === 'date-time' ||
    (typeof schema.example === 'string' && INSTANT_EXAMPLE.test(schema.example))
  )
    return 'instant';
  if (schema.format === 'uuid' || /Id$/.test(name)) return 'uuid';
  if (schema.type === 'array' || schema.items) return 'array';
  if (schema.properties) return 'object';
  if (schema.type === 'boolean') return 'boolean';
  if (schema.type === 'number' || schema.type === 'integer') return 'number';
  if (schema.minimum !== undefined || schema.maximum !== undefined || typeof schema.example === 'number')
    return 'number';
  if (lower.includes('email')) return 'email';
  if (lower === 'timezone') return 'timezone';
  if (lower.includes('password')) return 'password';
  if (/date$/i.test(name) || lower === 'date' || lower === 'from' || lower === 'to') return 'date';
  if (schema.type === 'string') return 'string';
  return 'any';
}

// ---------------------------------------------------------------------------------------------
// Hostile constants

export const LONG = 'x'.repeat(10_000);

/** Strings that break naive code: empty, blank, huge, NUL, unicode oddities, SQL, HTML, paths. */
export const NASTY_STRINGS: readonly string[] = [
  '',
  ' ',
  '   ',
  '\t\n\r',
  '\u00a0',
  '\u200b',
  '\u0000',
  'a\u0000b',
  '\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000',
  LONG,
  'é'.repeat(5000),
  '😀🏃‍♀️👩🏽‍⚕️',
  '😀'.repeat(100),
  'مرحبا بالعالم',
  'שלום עולם',
  '\u202eevil\u202c',
  'Z̴̡̪̫͖̪̥̓a̷̢̛l̸g̷o̵',
  'e\u0301\u0301\u0301',
  'ＡＢＣ１２３',
  'ß',
  'İı',
  '\ud800',
  '\udfff',
  'a\ud800b',
  '\ufeff',
  '\ufffe\uffff',
  '\u2028\u2029',
  "' OR 1=1--",
  "'; DROP TABLE patients;--",
  '" OR ""="',
  "1' UNION SELECT password_hash FROM users--",
  "%' OR '%'='",
  "'); INSERT INTO users VALUES (1);--",
  '$$; SELECT pg_sleep(10); $$',
  '\\',
  '\\\\',
  '%',
  '_',
  '%_%',
  '*',
  "O'Brien",
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '"><svg/onload=alert(1)>',
  '{{7*7}}',
  '${7*7}',
  '../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '%00',
  '%2e%2e%2f',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  '-1',
  '0',
  '1e309',
  'true',
  '[]',
  '{}',
  '=cmd|calc!A1',
  '+SUM(1,2)',
  '-2+3',
  '@SUM(A1)',
  'P-000001',
  'M76.31',
  '97110',
  'admin',
  '__proto__',
  'constructor',
  'toString',
  '\r\nX-Injected: 1',
];

/** Calendar dates that are malformed or impossible, and real ones at the edges. */
export const NASTY_DATES: readonly string[] = [
  '2026-02-30',
  '2025-02-29',
  '2024-02-29',
  '2026-04-31',
  '0000-01-01',
  '0001-01-01',
  '0099-12-31',
  '0100-01-01',
  '1899-12-31',
  '1900-01-01',
  '9999-12-31',
  '2026-13-01',
  '2026-00-10',
  '2026-01-00',
  '2026-01-32',
  '2026-1-1',
  '20260101',
  '2026-01-01T00:00:00Z',
  '2026-01-01 ',
  ' 2026-01-01',
  '2026/01/01',
  '01/02/2026',
  'today',
  '+020260-01-01',
  '-2026-01-01',
  '٢٠٢٦-٠١-٠١',
  '２０２６-０１-０１',
];

/** Instants that are malformed, impossible, zone-less, or at the edges of what the types hold. */
export const NASTY_INSTANTS: readonly string[] = [
  '2026-03-02T16:00:00',
  '2026-03-02 16:00:00Z',
  '2026-03-02t16:00:00z',
  '2026-03-02T25:00:00Z',
  '2026-03-02T16:60:00Z',
  '2026-03-02T16:00:60Z',
  '2026-02-30T16:00:00Z',
  '2026-02-31T23:59:59Z',
  '2026-03-02T16:00:00+25:00',
  '2026-03-02T16:00:00+99:99',
  '2026-03-02T16:00:00+14:00',
  '2026-03-02T16:00:00-23:59',
  '2026-03-02T16:00:00.123456789Z',
  '2026-03-02T16:00:00.1234567891Z',
  '2026-03-02T16:00Z',
  '0000-01-01T00:00:00Z',
  '0001-01-01T00:00:00+14:00',
  '0001-01-01T00:00:00Z',
  '1000-01-01T00:00:00Z',
  '1970-01-01T00:00:00Z',
  '9999-12-31T23:59:59Z',
  '9999-12-31T23:59:59-14:00',
  '2026-03-02',
  'T',
  'now',
  '1772467200000',
  '+275760-09-13T00:00:00Z',
  '-000001-01-01T00:00:00Z',
];

export const NASTY_TIMEZONES: readonly string[] = [
  'US/Pacific-New',
  'Canada/East-Saskatchewan',
  'AET',
  'IST',
  'PST',
  'CST',
  'Factory',
  'EST',
  'GMT0',
  'utc',
  'UTC ',
  'Asia/Calcutta',
  'Etc/GMT+12',
  'Etc/GMT-14',
  'America/Argentina/ComodRivadavia',
  'Europe/Kyiv',
  'Europe/Kiev',
  'Pacific/Kanton',
  'America/Ciudad_Juarez',
  'America/Nuuk',
  'Antarctica/Troll',
  '+05:00',
  'Z',
  'localtime',
  'posixrules',
  'right/UTC',
  'posix/Europe/Berlin',
  'SystemV/AST4',
  'ROK',
  'Navajo',
  'EST5EDT',
  'America/New York',
  'Europe/Berlin\u0000',
  'x'.repeat(64),
  'x'.repeat(65),
  '../../etc/passwd',
];

export const NASTY_EMAILS: readonly string[] = [
  '',
  'a',
  'a@',
  '@b.c',
  'a@b',
  'a b@c.de',
  `${'x'.repeat(250)}@e.co`,
  `${'x'.repeat(64)}@${'y'.repeat(190)}.com`,
  'ü@ä.de',
  'a@b.co\u0000',
  '"quoted"@x.com',
  'a@[127.0.0.1]',
  'a@b..com',
  '.a@b.com',
  'a+tag@b.com',
];

export const NASTY_PASSWORDS: readonly string[] = [
  '',
  'short',
  'x'.repeat(11),
  'x'.repeat(12),
  'x'.repeat(128),
  'x'.repeat(129),
  'x'.repeat(10_000),
  '\u0000'.repeat(12),
  '😀'.repeat(6),
  '😀'.repeat(100),
  ' '.repeat(12),
];

// ---------------------------------------------------------------------------------------------
// Arbitraries for single values

const someUuid = fc.uuid();
const nastyString: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...NASTY_STRINGS), weight: 6 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 2 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }), weight: 2 },
  {
    arbitrary: fc
      .constantFrom(
        1,
        99,
        100,
        101,
        119,
        120,
        121,
        199,
        200,
        201,
        254,
        255,
        1000,
        1001,
        2000,
        2001,
        4000,
        4001,
      )
      .chain((n) => fc.constantFrom('a'.repeat(n), 'é'.repeat(n), ' '.repeat(n))),
    weight: 2,
  },
  { arbitrary: fc.constantFrom('a'.repeat(19_999), 'a'.repeat(20_000), 'a'.repeat(20_001)), weight: 1 },
);

/** Values of the wrong type for almost any field. */
const typeConfusion: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    null,
    true,
    false,
    0,
    -1,
    1.5,
    '',
    ' ',
    {},
    [],
    [null],
    ['a', 1],
    { a: { b: { c: [1, { d: null }] } } },
    new RawJson('1e400'),
    new RawJson('-1e400'),
    new RawJson('-0'),
    new RawJson('{"__proto__":{"polluted":true}}'),
    new RawJson('{"constructor":{"prototype":{"polluted":true}}}'),
    new RawJson('['.repeat(2000) + ']'.repeat(2000)),
    DROP,
  ),
  nastyString,
  fc.jsonValue({ maxDepth: 3 }),
);

function numberNasties(schema: Schema): unknown[] {
  const out: unknown[] = [
    0,
    -1,
    1,
    0.5,
    1.5,
    0.001,
    -0.000001,
    1e308,
    -1e308,
    2 ** 31,
    2 ** 31 - 1,
    -(2 ** 31) - 1,
    2 ** 53 + 2,
    -(2 ** 53) - 2,
    5e-324,
    new RawJson('-0'),
    new RawJson('1e400'),
    new RawJson('-1e400'),
    new RawJson('1.0'),
    new RawJson('1E1'),
    new RawJson('0.1e1'),
    new RawJson('1.00000000000000000001'),
    new RawJson('123456789012345678901234567890'),
    '1',
    '',
    ' 1',
    '0x10',
    '1e2',
    'NaN',
  ];
  for (const bound of [schema.minimum, schema.maximum]) {
    if (bound === undefined) continue;
    out.push(
      bound - 1,
      bound + 1,
      bound - 0.5,
      bound + 0.5,
      bound - 0.01,
      bound + 0.01,
      bound,
      String(bound),
    );
  }
  return out;
}

function enumNasties(schema: Schema): unknown[] {
  const values = (schema.enum ?? []).filter((v): v is string => typeof v === 'string');
  const out: unknown[] = ['', 'unknown', 'other_value', 0, null, values];
  for (const v of values.slice(0, 4)) {
    out.push(v.toUpperCase(), ` ${v}`, `${v} `, v.slice(0, -1), `${v}\u0000`, v.replace(/_/g, '-'), [v]);
  }
  return out;
}

function uuidNasties(ctx: ValueContext): fc.Arbitrary<unknown> {
  const aAll = Object.values(ctx.a).flat();
  const bAll = Object.values(ctx.b).flat();
  return fc.oneof(
    someUuid,
    fc.constantFrom(...(bAll.length ? bAll : [randomUUID()])),
    fc.constantFrom(...(aAll.length ? aAll : [randomUUID()])),
    fc.constantFrom(...(aAll.length ? aAll : [randomUUID()])).map((id) => id.toUpperCase()),
    fc.constantFrom(...(aAll.length ? aAll : [randomUUID()])).map((id) => ` ${id} `),
    fc.constantFrom(
      '00000000-0000-0000-0000-000000000000',
      'ffffffff-ffff-ffff-ffff-ffffffffffff',
      'a0eebc99-9c0b-11d1-b6b2-00c04fd430c8',
      'not-a-uuid',
      '123',
      '',
      '{00000000-0000-4000-8000-000000000000}',
      '00000000000040008000000000000000',
    ),
  );
}

function dateArb(valid: boolean): fc.Arbitrary<string> {
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  if (valid) return fc.integer({ min: 0, max: 400 }).map((d) => daysAgo(d));
  return fc.oneof(
    { arbitrary: fc.constantFrom(...NASTY_DATES), weight: 4 },
    { arbitrary: fc.integer({ min: -3000, max: -1 }).map((d) => daysAgo(d)), weight: 1 },
    {
      arbitrary: fc
        .record({
          y: fc.integer({ min: 0, max: 9999 }),
          m: fc.integer({ min: 0, max: 13 }),
          d: fc.integer({ min: 0, max: 32 }),
        })
        .map(({ y, m, d }) => `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`),
      weight: 2,
    },
  );
}

function instantArb(valid: boolean): fc.Arbitrary<string> {
  if (valid) {
    // Within the last 25 days (the fixtures' active episode started 30 days ago), at a whole minute.
    return fc
      .integer({ min: 10, max: 25 * 24 * 60 })
      .map((m) => new Date(Math.floor(Date.now() / 60_000) * 60_000 - m * 60_000).toISOString());
  }
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  return fc.oneof(
    { arbitrary: fc.constantFrom(...NASTY_INSTANTS), weight: 4 },
    {
      arbitrary: fc
        .integer({ min: -3 * 24 * 60, max: 10 })
        .map((m) => new Date(Date.now() - m * 60_000).toISOString()),
      weight: 1,
    },
    {
      arbitrary: fc
        .record({
          y: fc.integer({ min: 0, max: 9999 }),
          mo: fc.integer({ min: 0, max: 13 }),
          d: fc.integer({ min: 0, max: 32 }),
          h: fc.integer({ min: 0, max: 25 }),
          mi: fc.integer({ min: 0, max: 61 }),
          off: fc.constantFrom('Z', '+00:00', '+14:00', '-12:00', '+23:59', '-23:59', '+05:30'),
        })
        .map(
          ({ y, mo, d, h, mi, off }) =>
            `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}T${pad(h, 2)}:${pad(mi, 2)}:00${off}`,
        ),
      weight: 2,
    },
  );
}

/** A date `days` before today (UTC), as YYYY-MM-DD; negative is the future. */
export function daysAgo(days: number): string {
  return new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
}

const shortText = fc.oneof(
  { arbitrary: fc.string({ minLength: 1, maxLength: 24 }).filter((s) => s.trim().length > 0), weight: 3 },
  {
    arbitrary: fc.constantFrom(
      'José',
      'Ångström',
      'Zoë',
      "O'Brien",
      '李小龙',
      'Nguyễn Văn A',
      'Renée-Marie',
      'Sam',
    ),
    weight: 2,
  },
);

const uniqueEmail = fc
  .tuple(fc.uuid(), fc.constantFrom('clinic.example', 'Example.ORG', 'runners.example'))
  .map(([u, d]) => `fuzz.${u.slice(0, 13)}@${d}`);

// ---------------------------------------------------------------------------------------------
// Valid values by schema (with hints by property name, for the API's business rules)

function pick(ctx: ValueContext, kind: string): string[] {
  return [...(ctx.a[kind] ?? []), ...(ctx.shared[kind] ?? [])];
}

const CPT_CODES = ['97110', '97140', '97112', '97530', '97116', '97161', '97010', 'G0283'];

type Hint = (ctx: ValueContext, schema: Schema) => fc.Arbitrary<unknown>;

const HINTS: Record<string, Hint> = {
  email: (ctx) =>
    fc.oneof({ arbitrary: uniqueEmail, weight: 4 }, { arbitrary: fc.constantFrom(...ctx.emails), weight: 1 }),
  password: (ctx) =>
    fc.oneof(fc.constant(ctx.password), fc.string({ minLength: 12, maxLength: 40, unit: 'grapheme-ascii' })),
  timezone: () =>
    fc.constantFrom('UTC', 'Europe/Berlin', 'America/Denver', 'Asia/Kolkata', 'Pacific/Chatham'),
  diagnosisCode: () => fc.constantFrom('M76.31', 'M76.32', 'M25.561', 'S83.241A', 'M79.6'),
  cptCode: () => fc.constantFrom(...CPT_CODES),
  startDate: () => fc.integer({ min: 0, max: 60 }).map(daysAgo),
  onsetDate: () => fc.option(fc.integer({ min: 30, max: 400 }).map(daysAgo), { nil: null }),
  dateOfBirth: () => fc.integer({ min: 365 * 5, max: 365 * 90 }).map(daysAgo),
  date: () => fc.integer({ min: 0, max: 2 }).map(daysAgo),
  from: () => fc.integer({ min: 30, max: 400 }).map(daysAgo),
  to: () => fc.integer({ min: 0, max: 29 }).map(daysAgo),
  therapistId: (ctx) => fc.constantFrom(...pick(ctx, 'user')),
  userId: (ctx) => fc.constantFrom(...pick(ctx, 'user')),
  exerciseId: (ctx) => fc.constantFrom(...pick(ctx, 'exercise')),
  entityId: (ctx) => fc.constantFrom(...Object.values(ctx.a).flat()),
  runWalkRatio: () => fc.constantFrom('4:1', '1:1', '10:2', null),
  weeklyDistanceKm: () =>
    fc.option(
      fc.integer({ min: 0, max: 8000 }).map((n) => n / 100),
      { nil: null },
    ),
  longestRunKm: () =>
    fc.option(
      fc.integer({ min: 0, max: 3000 }).map((n) => n / 100),
      { nil: null },
    ),
  value: () => fc.integer({ min: 0, max: 10 }),
  phone: () => fc.constantFrom('+1 303 555 0142', '030 1234567', null),
  code: () => fc.integer({ min: 0, max: 999_999 }).map((n) => String(n).padStart(6, '0')),
  diagnosis: () => fc.constantFrom('M76', 'M76.31', 'S'),
  measurements: (_ctx, schema) =>
    fc.uniqueArray(
      fc.record({
        instrument: fc.constantFrom(
          ...((schema.items?.properties?.instrument?.enum as string[]) ?? ['nprs_activity']),
        ),
        value: fc.integer({ min: 0, max: 10 }),
      }),
      { selector: (m) => m.instrument, maxLength: 3 },
    ),
  services: () =>
    fc.uniqueArray(
      fc.record({ cptCode: fc.constantFrom(...CPT_CODES), minutes: fc.integer({ min: 8, max: 60 }) }),
      { selector: (s) => s.cptCode, maxLength: 3 },
    ),
};

export function validArb(schema: Schema, name: string, ctx: ValueContext, depth = 0): fc.Arbitrary<unknown> {
  const hint = HINTS[name];
  if (hint) return hint(ctx, schema);
  const kind = kindOf(schema, name);
  switch (kind) {
    case 'enum':
      return fc.constantFrom(...(schema.enum as unknown[]));
    case 'date':
      return dateArb(true);
    case 'instant':
      return instantArb(true);
    case 'uuid':
      return fc.constantFrom(...Object.values(ctx.a).flat());
    case 'email':
      return uniqueEmail;
    case 'timezone':
      return HINTS.timezone(ctx, schema);
    case 'password':
      return HINTS.password(ctx, schema);
    case 'boolean':
      return fc.boolean();
    case 'number': {
      const min = schema.minimum ?? 1;
      const max = schema.maximum ?? Math.max(min, 10);
      return fc.constantFrom(min, max, Math.floor((min + max) / 2), Math.min(max, min + 1));
    }
    case 'array': {
      const items = schema.items ?? {};
      if (items.enum?.length) return fc.subarray(items.enum as unknown[], { minLength: 1 });
      if (depth > 3) return fc.constant([]);
      return fc.array(validArb(items, singular(name), ctx, depth + 1), { maxLength: 3 });
    }
    case 'object': {
      if (depth > 3) return fc.constant({});
      const props = schema.properties ?? {};
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [k, s] of Object.entries(props)) model[k] = validArb(s, k, ctx, depth + 1);
      return fc.record(model, { requiredKeys: (schema.required ?? []).filter((k) => k in props) });
    }
    case 'string':
      return shortText;
    case 'any':
    default:
      if (typeof schema.example === 'string') return fc.oneof(fc.constant(schema.example), shortText);
      return fc.oneof(shortText, fc.constant(null));
  }
}

function singular(name: string): string {
  return name.endsWith('s') ? name.slice(0, -1) : name;
}

/** A hostile value for a field of this schema: wrong type, boundary, malformed, oversized. */
export function nastyArb(schema: Schema, name: string, ctx: ValueContext, depth = 0): fc.Arbitrary<unknown> {
  const kind = kindOf(schema, name);
  let specific: fc.Arbitrary<unknown>;
  switch (kind) {
    case 'enum':
      specific = fc.constantFrom(...enumNasties(schema));
      break;
    case 'date':
      specific = dateArb(false);
      break;
    case 'instant':
      specific = instantArb(false);
      break;
    case 'uuid':
      specific = uuidNasties(ctx);
      break;
    case 'email':
      specific = fc.oneof(
        fc.constantFrom(...NASTY_EMAILS),
        fc.constantFrom(...ctx.emails).map((e) => e.toUpperCase()),
        fc.constantFrom(...ctx.emails).map((e) => ` ${e} `),
        fc.constantFrom(...ctx.emails),
      );
      break;
    case 'timezone':
      specific = fc.constantFrom(...NASTY_TIMEZONES);
      break;
    case 'password':
      specific = fc.constantFrom(...NASTY_PASSWORDS);
      break;
    case 'number':
      specific = fc.oneof(
        fc.constantFrom(...numberNasties(schema)),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.integer(),
      );
      break;
    case 'boolean':
      specific = fc.constantFrom<unknown>('true', 'false', 1, 0, 'yes', '', new RawJson('tRue'));
      break;
    case 'array': {
      const items = schema.items ?? {};
      const item = validArb(items, singular(name), ctx, depth + 1);
      specific = fc.oneof(
        fc.constant([]),
        // Oversized: many valid elements, and many copies of one.
        fc.array(item, { minLength: 21, maxLength: 60 }),
        item.map((x) => Array.from({ length: 1000 }, () => x)),
        // Duplicates and garbage elements.
        item.map((x) => [x, x]),
        fc.array(typeConfusion, { minLength: 1, maxLength: 4 }),
        depth < 3
          ? fc.array(nastyArb(items, singular(name), ctx, depth + 1), { minLength: 1, maxLength: 3 })
          : fc.constant([]),
        item.map((x) => [[x]]),
        item.map((x) => ({ 0: x })),
      );
      break;
    }
    case 'object': {
      const props = schema.properties ?? {};
      const inner = depth < 3 ? bodyArb(schema, ctx, depth + 1) : fc.constant({});
      specific = fc.oneof(
        inner,
        fc.constant({}),
        fc.constantFrom<unknown>('object', [], 42, null, { unknownKey: 1 }),
        fc.constant(Object.fromEntries(Object.keys(props).map((k) => [k, null]))),
      );
      break;
    }
    default:
      specific = nastyString;
  }
  return fc.oneof({ arbitrary: specific, weight: 3 }, { arbitrary: typeConfusion, weight: 1 });
}

// ---------------------------------------------------------------------------------------------
// Whole bodies

type Path = (string | number)[];

interface Target {
  path: Path;
  schema: Schema;
  name: string;
}

/** Every place in `value` a mutation can hit: existing fields, array elements, absent optional fields. */
function targetsOf(
  value: unknown,
  schema: Schema,
  name: string,
  path: Path = [],
  out: Target[] = [],
): Target[] {
  if (Array.isArray(value)) {
    const items = schema.items ?? {};
    value.forEach((v, i) => {
      out.push({ path: [...path, i], schema: items, name: singular(name) });
      targetsOf(v, items, singular(name), [...path, i], out);
    });
  } else if (value !== null && typeof value === 'object' && !(value instanceof RawJson)) {
    for (const [k, s] of Object.entries(schema.properties ?? {})) {
      out.push({ path: [...path, k], schema: s, name: k });
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) targetsOf(v, s, k, [...path, k], out);
    }
  }
  return out;
}

function cloneShallowPath(value: unknown, path: Path, replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  if (Array.isArray(value)) {
    const copy = value.slice();
    const next = cloneShallowPath(copy[head as number], rest, replacement);
    if (next === DROP) copy.splice(head as number, 1);
    else copy[head as number] = next;
    return copy;
  }
  const obj = value !== null && typeof value === 'object' ? { ...(value as Record<string, unknown>) } : {};
  const next = cloneShallowPath(obj[head as string], rest, replacement);
  if (next === DROP) delete obj[head as string];
  else obj[head as string] = next;
  return obj;
}

function mutateArb(
  valid: fc.Arbitrary<unknown>,
  schema: Schema,
  ctx: ValueContext,
  times: number,
  depth: number,
) {
  return valid.chain((v) => {
    const targets = targetsOf(v, schema, '');
    if (!targets.length) return fc.constant(v);
    const one = fc
      .constantFrom(...targets)
      .chain((tg) => nastyArb(tg.schema, tg.name, ctx, depth + 1).map((n) => ({ path: tg.path, value: n })));
    return fc
      .array(one, { minLength: 1, maxLength: times })
      .map((edits) => edits.reduce<unknown>((acc, e) => cloneShallowPath(acc, e.path, e.value), v));
  });
}

const EXTRA_KEYS = [
  'isAdmin',
  'clinicId',
  'id',
  'version',
  'status',
  'createdAt',
  'signedBy',
  'mrn',
  'roles',
  '__proto__',
  'constructor',
  'prototype',
  '',
  ' ',
  'a'.repeat(300),
  'ключ',
  '$where',
];

/** A body for this schema: valid, valid with hostile fields, missing or extra fields, or not an object at all. */
export function bodyArb(schema: Schema, ctx: ValueContext, depth = 0): fc.Arbitrary<unknown> {
  const valid = validArb(schema, '', ctx, depth);
  const required = (schema.required ?? []).filter((k) => k in (schema.properties ?? {}));
  const strategies: fc.WeightedArbitrary<unknown>[] = [
    { arbitrary: valid, weight: 4 },
    { arbitrary: mutateArb(valid, schema, ctx, 1, depth), weight: 7 },
    { arbitrary: mutateArb(valid, schema, ctx, 4, depth), weight: 2 },
    {
      arbitrary: fc
        .tuple(valid, fc.constantFrom(...EXTRA_KEYS, 'unknownField'), typeConfusion)
        .map(([v, k, x]) =>
          v !== null && typeof v === 'object' ? addKey(v as Record<string, unknown>, k, x) : v,
        ),
      weight: 1,
    },
  ];
  if (required.length) {
    strategies.push({
      arbitrary: fc
        .tuple(valid, fc.subarray(required, { minLength: 1 }))
        .map(([v, drop]) =>
          Object.fromEntries(Object.entries(v as Record<string, unknown>).filter(([k]) => !drop.includes(k))),
        ),
      weight: 1,
    });
  }
  if (depth === 0) {
    strategies.push({
      arbitrary: fc.oneof(
        typeConfusion,
        valid.map((v) => [v]),
        valid.map((v) => JSON.stringify(v)),
      ),
      weight: 1,
    });
    strategies.push({ arbitrary: rawBodyArb(valid), weight: 1 });
  }
  return fc.oneof(...strategies);
}

function addKey(v: Record<string, unknown>, k: string, x: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = { ...v };
  // `__proto__` through a plain assignment would set the prototype, not a property.
  Object.defineProperty(out, k, { value: x, enumerable: true, configurable: true, writable: true });
  return out;
}

/** Bodies as raw text: malformed JSON, duplicate keys, deep nesting, and too large for the limit. */
export function rawBodyArb(valid: fc.Arbitrary<unknown>): fc.Arbitrary<RawJson> {
  return fc.oneof(
    fc
      .constantFrom(
        '',
        ' ',
        '{',
        '}',
        '{"a":',
        '[',
        'nul',
        'null',
        'true',
        '0',
        '"str"',
        '{"a":1,}',
        "{'a':1}",
        '{a:1}',
        'NaN',
        '{"a":NaN}',
        '{"a":Infinity}',
        '\ufeff{}',
        '{}\u0000',
        '\u0000',
        '{"x":"\\ud800"}',
        '{"x":"\\u0000"}',
        '{"__proto__":{"polluted":true}}',
        '{"constructor":{"prototype":{"polluted":true}}}',
        '['.repeat(5000) + ']'.repeat(5000),
        '['.repeat(100_000) + ']'.repeat(100_000),
        '{"a":'.repeat(20_000) + '1' + '}'.repeat(20_000),
        `["${'x'.repeat(1_100_000)}"]`,
      )
      .map((s) => new RawJson(s)),
    // The same key twice: JSON.parse keeps the last.
    fc.tuple(valid, typeConfusion, fc.boolean()).map(([v, x, first]) => {
      const text = toJsonText(v);
      const keys = v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.keys(v) : [];
      if (!keys.length || !text.startsWith('{')) return new RawJson(text);
      const dup = `${JSON.stringify(keys[0])}:${toJsonText(x)}`;
      return new RawJson(first ? `{${dup},${text.slice(1)}` : `${text.slice(0, -1)},${dup}}`);
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// Query-string values (always strings on the wire)

export function queryValueArb(schema: Schema, name: string, ctx: ValueContext): fc.Arbitrary<string> {
  const asString = (v: unknown): string =>
    v instanceof RawJson
      ? v.text
      : typeof v === 'string'
        ? v
        : v === null
          ? 'null'
          : typeof v === 'symbol'
            ? ''
            : JSON.stringify(v);
  const kind = kindOf(schema, name);
  let valid: fc.Arbitrary<unknown>;
  if (kind === 'number') {
    valid = fc.integer({ min: schema.minimum ?? 1, max: Math.min(schema.maximum ?? 5, 100) });
  } else if (schema.type === 'boolean') {
    valid = fc.constantFrom('true', 'false');
  } else if (name === 'q') {
    valid = fc.constantFrom('sam', 'run', 'P-0', 'jose', 'JOSÉ', 'angstrom', 'Ångström');
  } else if (name === 'entityType') {
    valid = fc.constantFrom('visit', 'patient', 'episode', 'user', 'session');
  } else if (name === 'action') {
    valid = fc.constantFrom('visit.sign', 'patient.read', 'auth.login');
  } else {
    valid = validArb(schema, name, ctx);
  }
  const nastyNumbers = fc.constantFrom(
    '0',
    '-1',
    '1.5',
    '1e3',
    'abc',
    '',
    ' 2',
    '2 ',
    '101',
    '100',
    '999999999999999999999',
    '1e309',
    'Infinity',
    '-Infinity',
    'NaN',
    '0x10',
    '2147483648',
    '9007199254740993',
    '1,2',
    '+1',
    '٣',
  );
  const nasty =
    kind === 'number'
      ? nastyNumbers
      : schema.type === 'boolean'
        ? fc.constantFrom('TRUE', '1', '0', 'yes', '', 'null', 'truee', 't')
        : nastyArb(schema, name, ctx);
  return fc.oneof({ arbitrary: valid, weight: 2 }, { arbitrary: nasty, weight: 3 }).map(asString);
}

/** Replaces lone surrogates, which encodeURIComponent refuses. */
export function wellFormed(s: string): string {
  return s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}
