// The load of the scale-out run: N clients, each one request after another for T seconds through
// nginx with fetch (keep-alive), an authenticated mix of 70% reads (the patient list, a chart's
// patient) and 30% writes (a new patient, with an Idempotency-Key and a unique last name).
// A client retries only what a client may retry — no answer, 502/503/504, 429 with Retry-After,
// 409 "still in progress" of an idempotent replay — with the SAME key and body; any other failure
// is recorded as a broken guarantee. Latency is per operation, retries included.
import { randomUUID } from 'node:crypto';
import { lastUpstream, sleep } from './parts.mjs';

const REQUEST_TIMEOUT_MS = 10000;
/** How long one write keeps trying (same key) before it is left unacknowledged. */
const WRITE_GIVE_UP_MS = 30000;

export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** One HTTP attempt: { status, body, headers } or { networkError }. */
async function attempt(base, method, path, { token, body, key, cookie } = {}) {
  try {
    const r = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body ? { 'content-type': 'application/json' } : {}),
        ...(key ? { 'idempotency-key': key } : {}),
        ...(cookie ? { cookie } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await r.text();
    let json;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = text;
    }
    return { status: r.status, body: json, headers: r.headers };
  } catch (err) {
    return { networkError: err?.cause?.code ?? err?.name ?? String(err) };
  }
}

/** Whether a client may send the same request again, and after how long. */
export function retriable(res) {
  if (res.networkError) return { retry: true, why: `no answer (${res.networkError})`, afterMs: 100 };
  const retryAfter = Number(res.headers.get('retry-after'));
  const afterMs = Number.isFinite(retryAfter) && retryAfter > 0 ? Math.min(retryAfter * 1000, 2000) : 100;
  if ([502, 503, 504].includes(res.status)) return { retry: true, why: String(res.status), afterMs };
  if (res.status === 429 && res.headers.get('retry-after')) return { retry: true, why: '429', afterMs };
  if (res.status === 409 && /still in progress/i.test(String(res.body?.detail ?? ''))) {
    return { retry: true, why: '409 in progress', afterMs };
  }
  return { retry: false };
}

/** A request with the client's retry rules; returns the final answer and what it took. */
export async function send(base, method, path, options = {}, stats, giveUpMs = WRITE_GIVE_UP_MS) {
  const started = performance.now();
  const until = Date.now() + giveUpMs;
  let tries = 0;
  for (;;) {
    tries++;
    const res = await attempt(base, method, path, options);
    if (stats) stats.attempts++;
    const up = res.headers ? lastUpstream(res.headers.get('x-stride-upstream')) : undefined;
    if (up && stats) stats.upstreams.set(up, (stats.upstreams.get(up) ?? 0) + 1);
    if (up && stats?.onUpstream) stats.onUpstream(up);
    const r = retriable(res);
    if (!r.retry || Date.now() > until) {
      return { res, tries, ms: performance.now() - started, gaveUp: r.retry };
    }
    if (stats) stats.retries.set(r.why, (stats.retries.get(r.why) ?? 0) + 1);
    await sleep(r.afterMs * (0.5 + Math.random()));
  }
}

function newStats() {
  return {
    attempts: 0,
    ops: 0,
    reads: 0,
    writes: 0,
    latencies: [],
    retries: new Map(),
    upstreams: new Map(),
    errors: [],
    acks: [],
    unacknowledged: [],
  };
}

/**
 * Runs the mix; `events` ({ atFraction, run }) happen during the run (e.g. a kill). Returns the
 * figures and every acknowledged write ({ lastName, id }).
 */
export async function runLoad({ base, token, patientIds, clients, seconds, tag, events = [], onUpstream }) {
  const stats = newStats();
  stats.onUpstream = onUpstream;
  const startedAt = Date.now();
  const deadline = startedAt + seconds * 1000;
  const eventRuns = events.map(async (e) => {
    await sleep(e.atFraction * seconds * 1000);
    await e.run();
  });
  const client = async (n) => {
    let seq = 0;
    while (Date.now() < deadline) {
      const roll = Math.random();
      if (roll < 0.3) {
        seq++;
        const lastName = `${tag}-${n}-${seq}`;
        const body = { firstName: 'Load', lastName, dateOfBirth: '1980-02-03', sex: 'female' };
        const key = randomUUID();
        const { res, ms, gaveUp } = await send(base, 'POST', '/patients', { token, body, key }, stats);
        stats.writes++;
        if (res.status === 201 && typeof res.body?.id === 'string') {
          stats.acks.push({ lastName, id: res.body.id });
          stats.latencies.push(ms);
          stats.ops++;
        } else if (gaveUp) {
          stats.unacknowledged.push({ lastName, why: res.networkError ?? res.status });
        } else {
          stats.errors.push(describe('POST /patients', res));
        }
      } else {
        const path =
          roll < 0.65
            ? '/patients?pageSize=20'
            : `/patients/${patientIds[Math.floor(Math.random() * patientIds.length)]}`;
        const { res, ms } = await send(base, 'GET', path, { token }, stats);
        stats.reads++;
        if (res.status === 200) {
          stats.latencies.push(ms);
          stats.ops++;
        } else {
          stats.errors.push(describe(`GET ${path.split('?')[0]}`, res));
        }
      }
    }
  };
  await Promise.all([...Array.from({ length: clients }, (_, n) => client(n)), ...eventRuns]);
  const elapsed = (Date.now() - startedAt) / 1000;
  const sorted = stats.latencies.sort((a, b) => a - b);
  return {
    ...stats,
    elapsed,
    rps: stats.ops / elapsed,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    retried: [...stats.retries.values()].reduce((a, b) => a + b, 0),
  };
}

export function describe(what, res) {
  if (res.networkError) return `${what}: no answer (${res.networkError})`;
  const detail = typeof res.body === 'object' ? (res.body?.detail ?? res.body?.title ?? '') : res.body;
  return `${what}: ${res.status} ${String(detail ?? '').slice(0, 120)}`;
}
