/**
 * Whole requests for one operation: path parameters (valid ids, another clinic's, unknown,
 * malformed), query strings, a body, and odd headers. A plan is symbolic where the value is
 * only known when it is sent (the current ETag, the live refresh cookie).
 */
import fc from 'fast-check';
import type { Operation } from './openapi.js';
import {
  bodyArb,
  NASTY_STRINGS,
  queryValueArb,
  RawJson,
  rawBodyArb,
  type ValueContext,
  wellFormed,
} from './values.js';

export type Origin = 'A' | 'B' | 'shared' | 'missing' | 'malformed';
export type Caller = 'owner' | 'therapist' | 'other' | 'none' | { header: string };
export type CookieChoice = 'live' | 'stale' | 'none' | { raw: string };

export interface PathValue {
  value: string;
  origin: Origin;
  /** Percent-encode it (the usual case) or put it into the path as it is. */
  encode: boolean;
}

export interface RequestPlan {
  path: Record<string, PathValue>;
  query: { pairs: [string, string][]; raw: boolean };
  caller: Caller;
  /** `undefined`: no body at all. */
  body: { value: unknown } | undefined;
  contentType: string | undefined;
  ifMatch: 'current' | string | undefined;
  idempotencyKey: string | undefined;
  cookie: CookieChoice;
  headers: [string, string][];
}

/** Caller tokens the fuzzer can send; `forged` are tokens a client could make up. */
export interface CallerTokens {
  owner: string;
  therapist: string;
  other: string;
  forged: string[];
}

/** The resource kind a path parameter names, from the path segment before it (`/visits/{id}` → visit). */
export function kindOfParam(path: string, param: string): string {
  const m = new RegExp(`/([a-z-]+)/\\{${param}\\}`).exec(path);
  const seg = m?.[1] ?? '';
  return seg.endsWith('s') ? seg.slice(0, -1) : seg;
}

const MALFORMED_IDS: readonly string[] = [
  '',
  'not-a-uuid',
  '123',
  '0',
  '-1',
  'null',
  'undefined',
  ' ',
  '../',
  '..',
  '.',
  '%00',
  '%',
  '%zz',
  "' OR 1=1--",
  "1'; DROP TABLE visits;--",
  'x'.repeat(5000),
  'пациент',
  '😀',
  'مرحبا',
  '\u0000',
  '00000000-0000-0000-0000-00000000000g',
  '00000000-0000-0000-0000-0000000000000',
  '{id}',
  ':id',
  'me',
];

function pathValueArb(op: Operation, name: string, ctx: ValueContext): fc.Arbitrary<PathValue> {
  const kind = kindOfParam(op.path, name);
  const same = (m: Record<string, string[]>) => m[kind] ?? [];
  const all = (m: Record<string, string[]>) => Object.values(m).flat();
  const choices: fc.WeightedArbitrary<PathValue>[] = [];
  const add = (ids: string[], origin: Origin, weight: number, f: (s: string) => string = (s) => s) => {
    if (ids.length)
      choices.push({
        arbitrary: fc.constantFrom(...ids).map((v) => ({ value: f(v), origin, encode: true })),
        weight,
      });
  };
  add(same(ctx.a), 'A', 12);
  add(same(ctx.shared), 'shared', 2);
  add(all(ctx.a), 'A', 2);
  add(same(ctx.a), 'A', 1, (s) => s.toUpperCase());
  add(same(ctx.b), 'B', 4);
  add(all(ctx.b), 'B', 1);
  choices.push({
    arbitrary: fc.uuid().map((v) => ({ value: v, origin: 'missing' as const, encode: true })),
    weight: 2,
  });
  choices.push({
    arbitrary: fc
      .tuple(
        fc.constantFrom(
          ...MALFORMED_IDS,
          ...same(ctx.a).map((id) => `${id} `),
          ...same(ctx.a).map((id) => `${id}x`),
        ),
        fc.boolean(),
      )
      .map(([v, raw]) => ({ value: v, origin: 'malformed' as const, encode: !(raw && rawSafe(v)) })),
    weight: 3,
  });
  return fc.oneof(...choices);
}

/** Characters Node's HTTP client sends as they are in a request target. */
function rawSafe(s: string): boolean {
  return /^[\x21-\x7e]*$/.test(s) && !s.includes('#') && !s.includes('?');
}

const EXTRA_QUERY_KEYS = [
  'foo',
  '__proto__',
  'constructor',
  'page[]',
  'pageSize[gt]',
  'q[$ne]',
  'sort',
  'offset',
  'clinicId',
];

function queryArb(
  op: Operation,
  ctx: ValueContext,
): fc.Arbitrary<{ pairs: [string, string][]; raw: boolean }> {
  const perParam = op.queryParams.map((p) =>
    fc.oneof(
      { arbitrary: fc.constant([] as [string, string][]), weight: 3 },
      {
        arbitrary: queryValueArb(p.schema, p.name, ctx).map((v) => [[p.name, v]] as [string, string][]),
        weight: 4,
      },
      {
        // Repeated: the parser makes an array of it.
        arbitrary: fc
          .array(queryValueArb(p.schema, p.name, ctx), { minLength: 2, maxLength: 3 })
          .map((vs) => vs.map((v) => [p.name, v] as [string, string])),
        weight: 1,
      },
    ),
  );
  const extras = fc.oneof(
    { arbitrary: fc.constant([] as [string, string][]), weight: 6 },
    {
      arbitrary: fc
        .array(
          fc.tuple(
            fc.constantFrom(...EXTRA_QUERY_KEYS),
            fc.constantFrom('1', '', 'x', ...NASTY_STRINGS.slice(0, 20)),
          ),
          {
            minLength: 1,
            maxLength: 2,
          },
        )
        .map((xs) => xs as [string, string][]),
      weight: 1,
    },
  );
  return fc
    .tuple(fc.tuple(...perParam), extras, fc.nat({ max: 9 }))
    .map(([params, extra, r]) => ({ pairs: [...params.flat(), ...extra], raw: r === 0 }));
}

const CONTENT_TYPES: readonly (string | undefined)[] = [
  'application/json; charset=utf-8',
  'application/problem+json',
  'application/merge-patch+json',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=xyz',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'application/json; charset=bogus',
  'application/xml',
  'application/JSON',
  '*/*',
  'garbage',
  undefined,
];

const IF_MATCH: readonly string[] = [
  '"0"',
  '"1"',
  '"2"',
  '"3"',
  'W/"1"',
  'W/"2"',
  '*',
  '',
  '"',
  'abc',
  '"abc"',
  '"-1"',
  '"1.0"',
  '"1e0"',
  '" 1"',
  '"99999999999999999999"',
  '"2147483648"',
  '"1", "2"',
  'W/',
  'w/"1"',
  '"\u00e9"',
  `"${'9'.repeat(1000)}"`,
];

const IDEMPOTENCY_KEYS: readonly string[] = [
  'fuzz-key-1',
  'fuzz-key-2',
  '',
  ' ',
  'a'.repeat(200),
  'a'.repeat(201),
  'a'.repeat(5000),
  'key with spaces',
  'cl\u00e9',
  '\t',
  "'; DROP TABLE idempotency_keys;--",
];

const COOKIES: readonly string[] = [
  'stride_refresh=',
  'stride_refresh=x',
  `stride_refresh=${'a'.repeat(199)}`,
  `stride_refresh=${'a'.repeat(1000)}`,
  'stride_refresh=j%3A%7B%22a%22%3A1%7D',
  'stride_refresh=%E0%A4%A',
  'stride_refresh=a; stride_refresh=b',
  'stride_refresh',
  '=stride_refresh',
  "stride_refresh=' OR 1=1--",
  'other=1',
];

const EXTRA_HEADERS: readonly [string, string][] = [
  ['Accept', 'text/html'],
  ['Accept', 'application/xml'],
  ['Accept', 'text/csv'],
  ['Accept', '*/*;q=garbage'],

  ['Content-Encoding', 'gzip'],
  ['Content-Encoding', 'deflate'],
  ['Content-Encoding', 'br'],
  ['Content-Encoding', 'bogus'],
  ['Content-Encoding', 'identity'],
  ['X-Request-Id', '../../etc/passwd'],
  ['X-Request-Id', 'a'.repeat(5000)],
  ['X-HTTP-Method-Override', 'DELETE'],
  ['If-None-Match', '*'],
  ['If-Modified-Since', 'garbage'],
  ['Range', 'bytes=0-1'],
  ['Origin', 'https://evil.example'],
  ['Accept-Charset', 'utf-16'],
  ['User-Agent', "'; DROP TABLE audit_events;--"],
  ['User-Agent', 'u'.repeat(5000)],
];

function callerArb(op: Operation, tokens: CallerTokens): fc.Arbitrary<Caller> {
  return fc.oneof(
    { arbitrary: fc.constant<Caller>('owner'), weight: op.secured ? 28 : 10 },
    { arbitrary: fc.constant<Caller>('therapist'), weight: 4 },
    { arbitrary: fc.constant<Caller>('other'), weight: 2 },
    { arbitrary: fc.constant<Caller>('none'), weight: 2 },
    {
      arbitrary: fc
        .constantFrom(
          'Bearer',
          'Bearer ',
          'Bearer x',
          'bearer ' + tokens.owner,
          'Basic YWRtaW46YWRtaW4=',
          `Bearer ${tokens.owner} ${tokens.owner}`,
          `Bearer ${tokens.owner.slice(0, -2)}xx`,
          `Bearer ${'a'.repeat(4000)}`,
          `Bearer ${"' OR 1=1--"}`,
          ...tokens.forged.map((f) => `Bearer ${f}`),
        )
        .map((header) => ({ header })),
      weight: 4,
    },
  );
}

function cookieArb(op: Operation): fc.Arbitrary<CookieChoice> {
  const auth = op.path.includes('/auth/');
  return fc.oneof(
    { arbitrary: fc.constant<CookieChoice>('none'), weight: auth ? 3 : 20 },
    { arbitrary: fc.constant<CookieChoice>('live'), weight: auth ? 5 : 1 },
    { arbitrary: fc.constant<CookieChoice>('stale'), weight: auth ? 2 : 1 },
    { arbitrary: fc.constantFrom(...COOKIES).map((raw) => ({ raw })), weight: auth ? 3 : 1 },
  );
}

/** Requests for one operation. */
export function requestPlanArb(
  op: Operation,
  ctx: ValueContext,
  tokens: CallerTokens,
): fc.Arbitrary<RequestPlan> {
  const pathModel: Record<string, fc.Arbitrary<PathValue>> = {};
  const names = new Set([
    ...op.pathParams.map((p) => p.name),
    ...[...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]),
  ]);
  for (const name of names) pathModel[name] = pathValueArb(op, name, ctx);

  const withBody = op.body !== undefined;
  const body: fc.Arbitrary<{ value: unknown } | undefined> = withBody
    ? fc.oneof(
        { arbitrary: bodyArb(op.body!, ctx).map((value) => ({ value })), weight: 20 },
        { arbitrary: fc.constant(undefined), weight: 1 },
      )
    : fc.oneof(
        { arbitrary: fc.constant(undefined), weight: 8 },
        {
          arbitrary: fc
            .oneof(
              fc.constantFrom<unknown>({}, { foo: 'bar' }, [], 'x', 0, null),
              rawBodyArb(fc.constant({ a: 1 })),
            )
            .map((value) => ({ value })),
          weight: 2,
        },
      );
  const writes = op.method !== 'get';
  return fc
    .record({
      path: fc.record(pathModel),
      query: queryArb(op, ctx),
      caller: callerArb(op, tokens),
      body,
      contentType: fc.oneof(
        { arbitrary: fc.constant<string | undefined>('application/json'), weight: 12 },
        { arbitrary: fc.constantFrom(...CONTENT_TYPES), weight: 2 },
      ),
      ifMatch: fc.oneof(
        { arbitrary: fc.constant<string | undefined>(undefined), weight: writes ? 4 : 12 },
        { arbitrary: fc.constant<string | undefined>('current'), weight: writes ? 8 : 1 },
        { arbitrary: fc.constantFrom<string | undefined>(...IF_MATCH), weight: writes ? 3 : 1 },
      ),
      idempotencyKey: fc.oneof(
        { arbitrary: fc.constant<string | undefined>(undefined), weight: 12 },
        {
          arbitrary: fc.constantFrom<string | undefined>(...IDEMPOTENCY_KEYS),
          weight: op.method === 'post' ? 4 : 1,
        },
        { arbitrary: fc.uuid().map<string | undefined>((u) => u), weight: op.method === 'post' ? 1 : 0 },
      ),
      cookie: cookieArb(op),
      headers: fc.oneof(
        { arbitrary: fc.constant([] as [string, string][]), weight: 8 },
        { arbitrary: fc.subarray([...EXTRA_HEADERS], { minLength: 1, maxLength: 2 }), weight: 1 },
      ),
    })
    .map((plan) => describeOnPrint(plan));
}

/** fast-check prints counterexamples with this; huge strings are cut so reports stay readable. */
function describeOnPrint(plan: RequestPlan): RequestPlan {
  Object.defineProperty(plan, fc.toStringMethod, { value: () => summarize(plan), enumerable: false });
  return plan;
}

/** JSON-ish text of a value with long strings cut to their start and length. */
export function summarize(value: unknown, max = 2000): string {
  const text = JSON.stringify(value, (_k, v: unknown) => {
    if (typeof v === 'string' && v.length > 120) return `${v.slice(0, 60)}…(${v.length} chars)`;
    if (v instanceof RawJson)
      return { rawJson: v.text.length > 120 ? `${v.text.slice(0, 60)}…(${v.text.length} chars)` : v.text };
    if (typeof v === 'symbol') return v.toString();
    return v;
  });
  return text && text.length > max ? `${text.slice(0, max)}…` : (text ?? String(value));
}

/** The request target: the path with its parameters put in, and the query string. */
export function urlOf(op: Operation, plan: RequestPlan): string {
  let path = op.path;
  for (const [name, pv] of Object.entries(plan.path)) {
    path = path.replace(`{${name}}`, pv.encode ? encodeURIComponent(wellFormed(pv.value)) : pv.value);
  }
  const { pairs, raw } = plan.query;
  if (!pairs.length) return path;
  const enc = (s: string) =>
    raw && rawSafe(s.replace(/ /g, '+')) ? s.replace(/ /g, '+') : encodeURIComponent(wellFormed(s));
  let qs = pairs.map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&');
  if (qs.length > 4000) qs = qs.slice(0, 4000).replace(/%[0-9A-Fa-f]?$/, '');
  return `${path}?${qs}`;
}
