/**
 * Sends one planned request and checks the answer against the properties listed in
 * fuzz.spec.ts, fingerprinting the database before and after it. Keeps what later requests
 * need: the ETag last seen per resource and the live and used-up refresh cookies.
 */
import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { signupClinic, type World } from './fixtures.js';
import type { Operation } from './openapi.js';
import {
  type Answer,
  AUDIT_MARK,
  changedTables,
  type Fingerprint,
  leaksIn,
  problemViolations,
  takeFingerprint,
} from './oracle.js';
import { type PathValue, type RequestPlan, summarize, urlOf } from './requests.js';
import { toJsonText, wellFormed } from './values.js';
import type { TestApp } from '../test-app.js';

interface Sent {
  method: string;
  url: string;
  headers: [string, string][];
  body: string | undefined;
}

interface CookieState {
  live: { cookie: string; family: number } | null;
  stale: { cookie: string; family: number }[];
  nextFamily: number;
  refills: number;
}

/** New sessions per operation when the fuzzing has ended every one it knew (each is a signup). */
const MAX_REFILLS = 40;

function parseText(
  res: NodeJS.ReadableStream & { setEncoding(e: string): void },
  cb: (e: Error | null, body: string) => void,
) {
  let data = '';
  res.setEncoding('utf8');
  res.on('data', (c: string) => (data += c));
  res.on('end', () => cb(null, data));
}

export class OperationFuzzer {
  readonly statuses = new Map<number, number>();
  requests = 0;
  /** Requests repeated with an unknown id in place of another clinic's, to compare the answers. */
  twins = 0;
  /** Milliseconds spent sending and fingerprinting, for the report. */
  sendMs = 0;
  fingerprintMs = 0;
  private fp: Fingerprint | undefined;
  private readonly cookies: CookieState;

  constructor(
    private readonly t: TestApp,
    private readonly op: Operation,
    private readonly world: World,
    private readonly fingerprintSql: string,
  ) {
    this.cookies = {
      live: { cookie: world.a.owner.refreshCookie, family: 0 },
      stale: [],
      nextFamily: 1,
      refills: 0,
    };
  }

  private async fingerprint(): Promise<Fingerprint> {
    this.fp ??= await takeFingerprint(this.t.sql, this.fingerprintSql);
    return this.fp;
  }

  /** The live refresh cookie; when every session the fuzzer knew has ended, a new one by signup. */
  private async liveCookie(): Promise<{ cookie: string; family: number } | undefined> {
    if (!this.cookies.live && this.cookies.refills < MAX_REFILLS) {
      this.cookies.refills += 1;
      const actor = await signupClinic(this.t, 'Fuzz Session Refill');
      this.cookies.live = { cookie: actor.refreshCookie, family: this.cookies.nextFamily++ };
      this.fp = undefined; // the signup wrote
    }
    return this.cookies.live ?? undefined;
  }

  /**
   * A made-up Authorization header that still carries the owner's token where passport-jwt
   * reads it (the second word after a case-insensitive "Bearer"; words after it are ignored).
   */
  private validHeader(plan: RequestPlan): boolean {
    if (typeof plan.caller !== 'object') return false;
    const m = /^bearer\s+(\S+)/i.exec(plan.caller.header);
    return m?.[1] === this.world.a.owner.accessToken;
  }

  private callerClinic(plan: RequestPlan): 'A' | 'B' | undefined {
    if (plan.caller === 'owner' || plan.caller === 'therapist') return 'A';
    if (plan.caller === 'other') return 'B';
    return undefined;
  }

  private async resolve(
    plan: RequestPlan,
  ): Promise<{ sent: Sent; cookieUsed?: { cookie: string; family: number } }> {
    const headers: [string, string][] = [];
    const { a, b } = this.world;
    if (plan.caller === 'owner') headers.push(['Authorization', `Bearer ${a.owner.accessToken}`]);
    else if (plan.caller === 'therapist')
      headers.push(['Authorization', `Bearer ${a.therapist!.accessToken}`]);
    else if (plan.caller === 'other') headers.push(['Authorization', `Bearer ${b.owner.accessToken}`]);
    else if (plan.caller !== 'none') headers.push(['Authorization', plan.caller.header]);

    if (plan.ifMatch === 'current') {
      const first = Object.values(plan.path)[0];
      const key = first ? first.value.toLowerCase() : this.op.path;
      headers.push(['If-Match', this.world.etags.get(key) ?? '"1"']);
    } else if (plan.ifMatch !== undefined) {
      headers.push(['If-Match', plan.ifMatch]);
    }
    if (plan.idempotencyKey !== undefined) headers.push(['Idempotency-Key', plan.idempotencyKey]);

    let cookieUsed: { cookie: string; family: number } | undefined;
    if (plan.cookie === 'live') {
      cookieUsed = await this.liveCookie();
      if (cookieUsed) headers.push(['Cookie', cookieUsed.cookie]);
    } else if (plan.cookie === 'stale') {
      cookieUsed = this.cookies.stale[this.cookies.stale.length - 1];
      headers.push(['Cookie', cookieUsed?.cookie ?? 'stride_refresh=never-issued']);
    } else if (plan.cookie !== 'none') {
      headers.push(['Cookie', plan.cookie.raw]);
    }
    headers.push(...plan.headers.map(([k, v]): [string, string] => [k, v]));

    let body: string | undefined;
    if (plan.body !== undefined) {
      body = toJsonText(plan.body.value);
      if (plan.contentType !== undefined) headers.push(['Content-Type', plan.contentType]);
    }
    const url = urlOf(this.op, plan);
    fitHeaders(headers, HEAD_BUDGET - url.length);
    return { sent: { method: this.op.method, url, headers, body }, cookieUsed };
  }

  private async send(sent: Sent): Promise<Answer & { res: Response }> {
    let req = this.t.http()[sent.method as 'get'](sent.url);
    for (const [k, v] of sent.headers) req = req.set(k, v);
    if (sent.body !== undefined) req = req.send(sent.body);
    const res = await req
      .timeout({ response: 30_000, deadline: 60_000 })
      .buffer(true)
      .parse(parseText as never);
    this.requests += 1;
    this.statuses.set(res.status, (this.statuses.get(res.status) ?? 0) + 1);
    const text = typeof res.body === 'string' ? res.body : '';
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { res, status: res.status, contentType: String(res.headers['content-type'] ?? ''), text, json };
  }

  /** Sends, fingerprints the database before and after, and returns what is wrong with the answer. */
  private async exchange(
    sent: Sent,
    allowedWrites: string[],
    audited: boolean,
  ): Promise<{ answer: Answer & { res: Response }; problems: string[] }> {
    let clock = Date.now();
    const before = await this.fingerprint();
    this.fingerprintMs += Date.now() - clock;
    clock = Date.now();
    const answer = await this.send(sent);
    this.sendMs += Date.now() - clock;
    clock = Date.now();
    const after = await takeFingerprint(this.t.sql, this.fingerprintSql);
    this.fingerprintMs += Date.now() - clock;
    this.fp = after;
    const problems: string[] = [];
    if (answer.status >= 500) problems.push(`server error ${answer.status}`);
    problems.push(...problemViolations(answer));
    problems.push(...leaksIn(answer.text).map((l) => `leak: ${l}`));
    if (answer.status < 200 || answer.status >= 300) {
      const changed = changedTables(before, after).filter((tb) => !allowedWrites.includes(tb));
      if (changed.length) problems.push(`refused with ${answer.status} but wrote to: ${changed.join(', ')}`);
    }
    // SPEC section 6: refused attempts are audited, in a transaction of their own.
    if (audited && AUDITED_REFUSALS.has(answer.status) && before[AUDIT_MARK] === after[AUDIT_MARK]) {
      problems.push(`refused with ${answer.status} and left no audit event`);
    }
    return { answer, problems };
  }

  private trackAnswer(
    plan: RequestPlan,
    answer: Answer & { res: Response },
    cookieUsed?: { cookie: string; family: number },
  ) {
    const ok = answer.status >= 200 && answer.status < 300;
    const etag = answer.res.headers.etag as string | undefined;
    if (ok && etag) {
      const id = (answer.json as { id?: unknown } | undefined)?.id;
      if (typeof id === 'string') this.world.etags.set(id, etag);
      if (!Object.keys(plan.path).length) this.world.etags.set(this.op.path, etag);
    }
    const raw = answer.res.headers['set-cookie'] as unknown as string[] | undefined;
    const set = raw?.find((c) => c.startsWith('stride_refresh='));
    if (!set) return;
    const value = set.split(';')[0];
    const cleared = value === 'stride_refresh=' || /expires=Thu, 01 Jan 1970/i.test(set);
    if (!cleared) {
      // A rotation uses up the cookie it was given; a sign-in starts a new family.
      const rotated = cookieUsed && this.cookies.live && cookieUsed.cookie === this.cookies.live.cookie && ok;
      const family = rotated ? this.cookies.live!.family : this.cookies.nextFamily++;
      if (rotated) this.cookies.stale.push(this.cookies.live!);
      this.cookies.live = { cookie: value, family };
    } else if (cookieUsed) {
      // Refused or logged out: that family is over (a reused token revokes its whole family).
      if (this.cookies.live?.family === cookieUsed.family) this.cookies.live = null;
    }
  }

  /** One fuzz case; throws with a reproduction when a property fails. */
  async run(plan: RequestPlan): Promise<void> {
    const { sent, cookieUsed } = await this.resolve(plan);
    // A reused refresh token revokes its family even though the answer is 401 (SPEC section 6).
    const allowed =
      this.op.path.endsWith('/auth/refresh') && plan.cookie === 'stale' ? ['auth_sessions'] : [];
    const callerClinic = this.callerClinic(plan);
    const routed = Object.values(plan.path).every((pv) => reachesRoute(pv));
    // A signed-in caller on a route of the operation: its refusals must be audited.
    const audited = this.op.secured && callerClinic !== undefined && routed;
    const { answer, problems } = await this.exchange(sent, allowed, audited);
    this.trackAnswer(plan, answer, cookieUsed);

    const ok = answer.status >= 200 && answer.status < 300;
    if (ok && this.op.secured && callerClinic === undefined && !this.validHeader(plan)) {
      problems.push(`a secured operation answered ${answer.status} without a valid access token`);
    }
    if (ok && callerClinic && sent.body && parsedAsJson(plan.contentType)) {
      // SPEC section 6: another clinic's id in a body is 400 on that field.
      const other = callerClinic === 'A' ? this.world.b : this.world.a;
      const body = sent.body.toLowerCase();
      const leaked = Object.values(other.ids)
        .flat()
        .filter((id) => !Object.values(this.world.shared).flat().includes(id) && body.includes(id));
      if (leaked.length) problems.push(`accepted another clinic's id ${leaked.join(', ')} in the body`);
    }
    for (const [name, pv] of Object.entries(plan.path)) {
      const names = pv.origin === 'missing' || (pv.origin === 'malformed' && reachesRoute(pv));
      const foreign =
        callerClinic !== undefined && (pv.origin === 'A' || pv.origin === 'B') && pv.origin !== callerClinic;
      if ((names || foreign) && ok) {
        problems.push(
          `path ${name}=${summarize(pv.value, 80)} (${foreign ? 'another clinic' : pv.origin}) answered ${answer.status}`,
        );
      }
      if (foreign && !ok && problems.length === 0) {
        // Answered exactly like an id that does not exist.
        const other = {
          ...plan,
          path: { ...plan.path, [name]: { value: randomUUID(), origin: 'missing' as const, encode: true } },
        };
        const twin: Sent = { ...sent, url: urlOf(this.op, other) };
        this.twins += 1;
        const replay = await this.exchange(twin, allowed, audited);
        problems.push(...replay.problems.map((p) => `(unknown-id twin ${twin.url}) ${p}`));
        const shape = (j: unknown) => {
          const p = (j ?? {}) as Record<string, unknown>;
          return JSON.stringify([p.status, p.type, p.title, p.detail, p.errors]);
        };
        if (replay.answer.status !== answer.status || shape(replay.answer.json) !== shape(answer.json)) {
          problems.push(
            `another clinic's id answered ${answer.status} ${shape(answer.json)}, an unknown id ${replay.answer.status} ${shape(replay.answer.json)}`,
          );
        }
      }
    }
    if (problems.length) throw new Error(report(sent, answer, problems));
  }
}

/** Refusals TenantTransactionInterceptor audits separately (SPEC section 6: refused attempts are audited). */
const AUDITED_REFUSALS = new Set([403, 404, 409, 412, 422, 428]);

/** Content types the API reads a JSON body from (any other leaves the body unread). */
function parsedAsJson(contentType: string | undefined): boolean {
  return contentType !== undefined && /^application\/(json|[^;\s]*\+json)\s*(;|$)/i.test(contentType);
}

/** True when the value, put into the path, still selects the operation's route. */
function reachesRoute(pv: PathValue): boolean {
  const segment = pv.encode ? encodeURIComponent(wellFormed(pv.value)) : pv.value;
  return segment !== '' && !/^\.{1,2}$/.test(segment) && (pv.encode || !/[/?#]/.test(segment));
}

/**
 * Node's HTTP server answers a request line and headers over 16 KiB itself, with a bare 431,
 * before the app sees the request; the fuzzer stays under that and cuts its longest headers.
 */
const HEAD_BUDGET = 14_000;

function fitHeaders(headers: [string, string][], budget: number): void {
  const size = () => headers.reduce((n, [k, v]) => n + k.length + v.length + 4, 0);
  while (size() > budget) {
    const longest = headers.reduce((a, b) => (b[1].length > a[1].length ? b : a));
    if (!longest[1]) return;
    longest[1] = longest[1].slice(0, Math.max(0, longest[1].length - (size() - budget)));
  }
}

function cut(s: string, n = 600): string {
  return s.length > n ? `${s.slice(0, n)}…(${s.length} chars)` : s;
}

function report(sent: Sent, answer: Answer, problems: string[]): string {
  const headers = sent.headers.map(
    ([k, v]) => `  ${k}: ${cut(k === 'Authorization' ? v.replace(/(Bearer \S{12})\S+/i, '$1…') : v, 200)}`,
  );
  return [
    ...problems.map((p) => `✗ ${p}`),
    `request: ${sent.method.toUpperCase()} ${cut(sent.url, 400)}`,
    ...headers,
    `  body: ${sent.body === undefined ? '(none)' : cut(JSON.stringify(sent.body).slice(1, -1), 1500)}`,
    `answer: ${answer.status} ${answer.contentType}`,
    `  ${cut(answer.text, 1500)}`,
  ].join('\n');
}
