/**
 * The raw baseline of the throughput benchmark (throughput.bench.ts starts it as a child process):
 * plain `node:http` + `pg`, no framework, for
 *
 *   GET  /episodes/:id/visits[?page=&pageSize=]
 *   POST /episodes/:id/visits
 *
 * What it DOES — the same SQL, in the same order, that the API runs for the data of these two
 * operations (VisitsService.list / VisitsService.create, EpisodesService.find / findActive,
 * clinicTimeZone, AuditService.record, in the transaction of TenantTransactionInterceptor), on a
 * pg Pool with the API's pool settings (size DB_POOL_SIZE, the same connect/idle/statement
 * timeouts and, as DB_PREPARED_STATEMENTS says, the same named prepared statements) and, as the
 * benchmark starts it, the API's database role (so the same row-level security applies), one
 * pool checkout per request:
 *
 *   GET:  BEGIN · set_config('app.clinic_id'/'app.user_id', …, true) · SELECT the episode ·
 *         SELECT the page of visits with count(*) OVER () · SELECT their addenda (when there are
 *         rows) · [SELECT the episode's weekly distances for the running-load flags, only when
 *         the page is not the whole episode] · INSERT the audit event `visit.list` naming the
 *         ids returned · COMMIT
 *   POST: BEGIN · set_config · SELECT the episode FOR SHARE · SELECT the clinic's time zone ·
 *         SELECT the prescribed exercises from the library (when the body has exercises) ·
 *         INSERT the visit RETURNING it · INSERT the audit event `visit.create` · SELECT the
 *         episode's weekly distances (running-load flags) · COMMIT
 *
 * and answers the same JSON (the very same toVisitView / runningLoadFlags / computeBilling code),
 * 200 for the list and 201 + `ETag: "<version>"` for the visit. throughput.bench.ts checks the
 * statement sequence against the API's with PostgreSQL statement logging on every run.
 *
 * What it does NOT do: no authentication (no JWT check, no session check — it binds the
 * transaction with a bare set_config where the API calls app_begin_request, which also checks
 * the session and reads the roles; the clinic and user come from CLINIC_ID / USER_ID), no role check, no validation of the body or the
 * query beyond JSON.parse (the visit-date and exercise checks are computed but never refuse), no
 * Idempotency-Key handling, no request id, access log, security headers or problem+json (an
 * error is a bare 404/500), no admission control, no Nest, express, rxjs, class-validator or
 * TypeORM. Loopback only.
 *
 *   DATABASE_URL PORT DB_POOL_SIZE DB_STATEMENT_TIMEOUT_MS DB_PREPARED_STATEMENTS CLINIC_ID USER_ID \
 *     node dist-tools/tools/bench/raw-baseline.js
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import pg from 'pg';
import { runningLoadFlags } from '@stride/clinical';
import { poolClient } from '../../src/database/prepared-statements.js';
import {
  FIELD_OF_COLUMN,
  type LibraryExercise,
  needsTimeZone,
  normalizeVisit,
  prescribedIds,
  type VisitBody,
} from '../../src/visits/visit-normalize.js';
import { toVisitView, VISIT_COLUMNS, VISIT_ORDER, type VisitRow } from '../../src/visits/visit-view.js';

// As data-source.ts: calendar dates stay `YYYY-MM-DD` strings.
pg.types.setTypeParser(pg.types.builtins.DATE, (value: string) => value);

const env = process.env;
const CLINIC_ID = env.CLINIC_ID ?? '';
const USER_ID = env.USER_ID ?? '';
if (!env.DATABASE_URL || !CLINIC_ID || !USER_ID) {
  process.stderr.write('raw-baseline: DATABASE_URL, CLINIC_ID and USER_ID are required\n');
  process.exit(78);
}

// The API's pool: dataSourceOptions() in database/data-source.ts.
const pool = new pg.Pool({
  connectionString: env.DATABASE_URL,
  max: Number(env.DB_POOL_SIZE ?? 10),
  connectionTimeoutMillis: 5000,
  idleTimeoutMillis: 30000,
  statement_timeout: Number(env.DB_STATEMENT_TIMEOUT_MS ?? 15000),
  idle_in_transaction_session_timeout: 60000,
  application_name: 'stride-raw-baseline',
  Client: poolClient(!/^(0|false|no|off)$/i.test(env.DB_PREPARED_STATEMENTS ?? '')),
});
pool.on('error', () => undefined); // an idle client's error; the next checkout reconnects

const EPISODE_COLUMNS = `id, patient_id, therapist_id, diagnosis_code, diagnosis_label, body_side, onset_date, start_date,
  planned_visits, planned_weeks, goals, status, discharge_date, discharge_reason, discharge_note, cancel_reason,
  version, created_at, updated_at`;

class HttpError extends Error {
  constructor(readonly status: number) {
    super(String(status));
  }
}

async function inTransaction<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  const c = await pool.connect();
  try {
    await c.query('BEGIN');
    await c.query(`SELECT set_config('app.clinic_id', $1, true), set_config('app.user_id', $2, true)`, [
      CLINIC_ID,
      USER_ID,
    ]);
    const out = await fn(c);
    await c.query('COMMIT');
    c.release();
    return out;
  } catch (err) {
    await c.query('ROLLBACK').catch(() => undefined);
    c.release();
    throw err;
  }
}

async function audit(
  c: pg.PoolClient,
  req: IncomingMessage,
  e: { action: string; entityId?: string; changedFields?: string[]; detail: Record<string, unknown> },
): Promise<void> {
  const ua = req.headers['user-agent'];
  await c.query(
    `INSERT INTO audit_events
         (clinic_id, user_id, action, outcome, entity_type, entity_id, changed_fields, detail, ip, user_agent)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      CLINIC_ID,
      USER_ID,
      e.action,
      'success',
      'visit',
      e.entityId ?? null,
      e.changedFields ?? null,
      JSON.stringify(e.detail),
      (req.socket.remoteAddress ?? 'unknown').replace(/^::ffff:/, ''),
      typeof ua === 'string' ? ua.slice(0, 512) : null,
    ],
  );
}

async function flagsOf(c: pg.PoolClient, episodeId: string): Promise<Map<string, string[]>> {
  const { rows } = await c.query<{ id: string; km: number | null }>(
    `SELECT id, (running->>'weeklyDistanceKm')::float8 AS km FROM visits
        WHERE episode_id = $1 AND clinic_id = $2 ORDER BY ${VISIT_ORDER}`,
    [episodeId, CLINIC_ID],
  );
  const flags = runningLoadFlags(rows.map((r) => ({ weeklyDistanceKm: r.km })));
  return new Map(rows.map((r, i) => [r.id, flags[i]]));
}

async function addendaOf(c: pg.PoolClient, visitIds: string[]) {
  const out = new Map<string, { id: string; text: string; authorId: string; createdAt: string }[]>(
    visitIds.map((id) => [id, []]),
  );
  if (visitIds.length === 0) return out;
  const { rows } = await c.query<{
    id: string;
    visit_id: string;
    text: string;
    author_id: string;
    created_at: Date;
  }>(
    `SELECT id, visit_id, text, author_id, created_at FROM visit_addenda
        WHERE clinic_id = $1 AND visit_id = ANY($2::uuid[]) ORDER BY created_at, id`,
    [CLINIC_ID, visitIds],
  );
  for (const r of rows) {
    out
      .get(r.visit_id)
      ?.push({ id: r.id, text: r.text, authorId: r.author_id, createdAt: r.created_at.toISOString() });
  }
  return out;
}

async function findEpisode(c: pg.PoolClient, id: string, lock = '') {
  const { rows } = await c.query<{ patient_id: string; start_date: string; status: string }>(
    `SELECT ${EPISODE_COLUMNS} FROM episodes WHERE id = $1 AND clinic_id = $2 ${lock}`,
    [id, CLINIC_ID],
  );
  if (!rows[0]) throw new HttpError(404);
  return rows[0];
}

function listVisits(req: IncomingMessage, episodeId: string, query: URLSearchParams) {
  const page = Number(query.get('page') ?? 1);
  const pageSize = Number(query.get('pageSize') ?? 25);
  const offset = (page - 1) * pageSize;
  return inTransaction(async (c) => {
    await findEpisode(c, episodeId);
    const { rows } = await c.query<VisitRow & { total: string }>(
      `SELECT ${VISIT_COLUMNS}, count(*) OVER () AS total FROM visits
        WHERE episode_id = $1 AND clinic_id = $2 ORDER BY ${VISIT_ORDER} LIMIT $3 OFFSET $4`,
      [episodeId, CLINIC_ID, pageSize, offset],
    );
    const total = rows.length ? Number(rows[0].total) : 0; // (the API counts apart past the end)
    const addenda = await addendaOf(
      c,
      rows.map((r) => r.id),
    );
    // As the API: a page holding the whole episode gives the flags without another query.
    const whole = offset === 0 && rows.length === total;
    const flags = whole ? flagsOfRows(rows) : await flagsOf(c, episodeId);
    const items = rows.map((r) => toVisitView(r, addenda.get(r.id) ?? [], flags.get(r.id) ?? []));
    await audit(c, req, { action: 'visit.list', detail: { episodeId, ids: items.map((v) => v.id) } });
    return { items, total, page, pageSize };
  });
}

function flagsOfRows(rows: readonly VisitRow[]): Map<string, string[]> {
  const flags = runningLoadFlags(rows.map((r) => ({ weeklyDistanceKm: r.running?.weeklyDistanceKm })));
  return new Map(rows.map((r, i) => [r.id, flags[i]]));
}

function createVisit(req: IncomingMessage, episodeId: string, dto: VisitBody) {
  return inTransaction(async (c) => {
    const episode = await findEpisode(c, episodeId, 'FOR SHARE');
    if (episode.status !== 'active') throw new HttpError(409);
    // The API's visit normaliser (visits/visit-normalize.ts): its field errors are computed
    // but never refuse here; it reads what the API reads, in the same order.
    const now = Date.now();
    let timeZone: string | undefined;
    if (needsTimeZone(dto, now)) {
      const { rows } = await c.query<{ timezone: string }>(`SELECT timezone FROM clinics WHERE id = $1`, [
        CLINIC_ID,
      ]);
      timeZone = rows[0]?.timezone ?? 'UTC';
    }
    const ids = prescribedIds(dto);
    let library: Map<string, LibraryExercise> | undefined;
    if (ids) {
      const { rows } = await c.query<LibraryExercise>(
        `SELECT id, name, instructions, targets FROM exercises
              WHERE id = ANY($1::uuid[]) AND (clinic_id IS NULL OR clinic_id = $2)`,
        [ids, CLINIC_ID],
      );
      library = new Map(rows.map((r) => [r.id, r]));
    }
    const cols = normalizeVisit(dto, { startDate: episode.start_date, timeZone, library, now }).columns;
    const names = Object.keys(cols) as (keyof typeof cols)[];
    const { rows } = await c.query<VisitRow>(
      `INSERT INTO visits (clinic_id, episode_id, patient_id, therapist_id, ${names.join(', ')})
       VALUES ($1, $2, $3, $4, ${names.map((_, i) => `$${i + 5}`).join(', ')})
       RETURNING ${VISIT_COLUMNS}`,
      [CLINIC_ID, episodeId, episode.patient_id, USER_ID, ...names.map((n) => cols[n])],
    );
    const row = rows[0];
    await audit(c, req, {
      action: 'visit.create',
      entityId: row.id,
      changedFields: names.map((n) => FIELD_OF_COLUMN[n]),
      detail: { episodeId },
    });
    const flags = await flagsOf(c, episodeId); // (a new visit has no addenda: not read)
    return toVisitView(row, [], flags.get(row.id) ?? []);
  });
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown, etag?: number): void {
  const text = JSON.stringify(body);
  const headers: Record<string, string | number> = {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  };
  if (etag !== undefined) headers.ETag = `"${etag}"`;
  res.writeHead(status, headers);
  res.end(text);
}

const ROUTE = /^\/episodes\/([0-9a-fA-F-]{36})\/visits$/;

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://baseline');
  const m = ROUTE.exec(url.pathname);
  const work = async () => {
    if (!m) throw new HttpError(404);
    if (req.method === 'GET') return send(res, 200, await listVisits(req, m[1], url.searchParams));
    if (req.method === 'POST') {
      const visit = await createVisit(req, m[1], JSON.parse(await readBody(req)) as VisitBody);
      return send(res, 201, visit, visit.version);
    }
    throw new HttpError(404);
  };
  work().catch((err: unknown) => {
    const status = err instanceof HttpError ? err.status : 500;
    if (status === 500) process.stderr.write(`raw-baseline: ${String(err)}\n`);
    if (!res.headersSent) send(res, status, { status });
    else res.end();
  });
});

server.listen(Number(env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(
    `raw-baseline listening on ${typeof address === 'object' && address ? address.port : '?'}\n`,
  );
});

const stop = () => {
  server.close();
  void pool.end().finally(() => process.exit(0));
  setTimeout(() => process.exit(0), 3000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
