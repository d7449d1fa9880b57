/**
 * Benchmark: GET /visits/:id/pdf (the target: under 300 ms p95).
 *
 *   npm run bench:pdf -w backend            (embedded PostgreSQL in a temporary folder)
 *   DATABASE_URL=postgres://… npm run bench:pdf -w backend
 *   BENCH_ROUNDS=300 BENCH_CONCURRENCY=8 npm run bench:pdf -w backend
 *
 * Seeds, through the API as a clinic would chart it, an IT-band episode whose last signed visit
 * is a full note (SOAP of a realistic length, five measurements with their change since
 * baseline, manual therapy, four exercises, three service lines, an addendum), then requests its
 * PDF BENCH_ROUNDS times one after another and BENCH_ROUNDS times at BENCH_CONCURRENCY in
 * flight, and prints p50/p95/p99 of the whole HTTP request (authentication, transaction, reads,
 * audit event, rendering) with the document's size and pages. The discharge summary is measured
 * sequentially too. Loopback only; stops by itself.
 */
import 'reflect-metadata';
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../src/app.js';
import { benchDatabase } from './bench-database.js';
import { loadConfig } from '../../src/config/config.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 200);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const WARMUP = 10;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function daysAgo(days: number): string {
  return new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
}

function visitAt(days: number): string {
  const d = new Date(Date.now() - days * 86_400_000);
  d.setUTCHours(15, 0, 0, 0);
  return d.toISOString();
}

const SOAP = {
  subjective:
    'Runs 4 × a week, 25–30 km in all. Lateral right knee pain starts around 6 km on the river loop and on ' +
    'descents, 6/10 at its worst, easing within an hour of stopping. No swelling, locking or giving way. ' +
    'Recently increased weekly distance from 18 km to 30 km over two weeks before a half marathon, and ' +
    'changed to a lighter shoe. Sleeps well; no night pain. Works at a desk; cycles to work 15 minutes each way.',
  objective:
    'Ober test positive on the right, negative on the left. Tender over the distal ITB and lateral femoral ' +
    'epicondyle. Knee range full and pain-free; no effusion; ligaments intact. Single-leg squat: right knee ' +
    'valgus with a contralateral pelvic drop from the 5th repetition. Hip abduction 4-/5 right, 4+/5 left ' +
    '(hand-held dynamometer 14.2 kg vs 18.9 kg). Side plank hold 25 s right, 40 s left. Running gait on the ' +
    'treadmill at 11 km/h: crossover pattern, cadence 158 steps/min.',
  assessment:
    'Right iliotibial band syndrome from a rapid rise in running load with weak hip abductors and a ' +
    'crossover gait. Good prognosis: no structural signs, motivated runner, clear load error to correct.',
  plan:
    'Soft tissue work to TFL and lateral thigh; progressive hip abductor and extensor strength three times a ' +
    'week; run-walk 4:1 on flat ground only, at most 10% more a week; cadence +5%; review in 10 days.',
};

async function main(): Promise<void> {
  const { url, stop } = await benchDatabase();

  const config = loadConfig({
    NODE_ENV: 'test',
    JWT_SECRET: 'bench-secret-that-is-long-enough-0123456789',
    CONSOLE_DIR: 'none',
    LOG_LEVEL: 'silent',
    SEED_DEMO: 'false',
    STRIDE_DATA_DIR: mkdtempSync(join(tmpdir(), 'stride-bench-data-')),
  });
  const app = await createApp(config, url);
  await app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}/api/v1`;

  let auth: Record<string, string> = {};
  async function call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...auth, ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  // The clinic charts one IT-band course through the API.
  const signup = await call<{ accessToken: string }>('POST', '/auth/signup', {
    clinicName: 'Bench Running Clinic',
    fullName: 'Agnieszka Wiśniewska',
    email: `bench.${Date.now()}@bench.example`,
    password: 'bench-password-123',
    timezone: 'America/Denver',
  });
  auth = { Authorization: `Bearer ${signup.accessToken}` };
  const library = (await call<{ items: { id: string; name: string }[] }>('GET', '/exercises?pageSize=100'))
    .items;
  const ex = (fragment: string) => library.find((e) => e.name.toLowerCase().includes(fragment))!.id;
  const patient = await call<{ id: string }>('POST', '/patients', {
    firstName: 'Zoë',
    lastName: 'Łukasz-García',
    dateOfBirth: '1988-04-12',
    sex: 'female',
  });
  const episode = await call<{ id: string; version: number }>('POST', `/patients/${patient.id}/episodes`, {
    diagnosisCode: 'M76.31',
    diagnosisLabel: 'Iliotibial band syndrome, right leg',
    bodySide: 'right',
    startDate: daysAgo(30),
    goals: ['Run 10 km pain-free', 'Return to trail running'],
  });
  const exercises = [
    { exerciseId: ex('side-lying'), sets: 3, reps: 12, load: 'red band', timesPerWeek: 3 },
    { exerciseId: ex('lateral band'), sets: 3, reps: 15, load: 'green band', timesPerWeek: 3 },
    {
      exerciseId: ex('hip thrust'),
      sets: 3,
      reps: 10,
      load: '20 kg',
      timesPerWeek: 2,
      notes: 'Pause at the top.',
    },
    { exerciseId: ex('side plank'), sets: 3, holdSeconds: 30, timesPerWeek: 3 },
  ];
  const visits: { id: string }[] = [];
  const pains = [6, 4, 2];
  for (const [i, days] of [29, 19, 9].entries()) {
    const v = await call<{ id: string }>('POST', `/episodes/${episode.id}/visits`, {
      visitDate: visitAt(days),
      visitType: i === 0 ? 'initial_evaluation' : 'follow_up',
      ...SOAP,
      measurements: [
        { instrument: 'nprs_activity', value: pains[i] },
        { instrument: 'nprs_rest', value: Math.max(0, 2 - i) },
        { instrument: 'nprs_worst_24h', value: 7 - 2 * i },
        { instrument: 'lefs', value: 48 + 9 * i },
        { instrument: 'psfs', value: 4.3 + 1.4 * i },
      ],
      manualTherapy: [
        {
          technique: 'soft_tissue_mobilization',
          region: 'TFL / lateral hip',
          minutes: 8,
          notes: 'Well tolerated.',
        },
        { technique: 'instrument_assisted', region: 'Distal ITB', minutes: 5, notes: null },
      ],
      exercises,
      running: { weeklyDistanceKm: 10 + 2 * i, longestRunKm: 4 + i, runWalkRatio: '4:1' },
      services: [
        { cptCode: i === 0 ? '97161' : '97164' },
        { cptCode: '97110', minutes: 23 },
        { cptCode: '97140', minutes: 13 },
      ],
    });
    await call('POST', `/visits/${v.id}/sign`);
    visits.push(v);
  }
  const target = visits[visits.length - 1].id;
  await call('POST', `/visits/${target}/addenda`, {
    text: 'Phoned two days later: ran 8 km on the flat without pain; keep the plan.',
  });

  async function once(path: string): Promise<{ ms: number; bytes: number; pages: number }> {
    const started = process.hrtime.bigint();
    const res = await fetch(`${base}${path}`, { headers: auth });
    const body = Buffer.from(await res.arrayBuffer());
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${body.toString()}`);
    const pages = body.toString('latin1').match(/\/Type \/Page\b/g)?.length ?? 0;
    return { ms, bytes: body.length, pages };
  }

  function report(label: string, times: number[], wallMs?: number): void {
    const sorted = [...times].sort((a, b) => a - b);
    const rate = wallMs ? ` | ${((times.length / wallMs) * 1000).toFixed(1).padStart(6)} docs/s` : '';
    console.log(
      `${label.padEnd(34)}| ${String(times.length).padStart(4)} | ${percentile(sorted, 50).toFixed(1).padStart(7)} | ` +
        `${percentile(sorted, 95).toFixed(1).padStart(7)} | ${percentile(sorted, 99).toFixed(1).padStart(7)}${rate}`,
    );
  }

  const pdfPath = `/visits/${target}/pdf`;
  const sample = await once(pdfPath);
  for (let i = 0; i < WARMUP; i++) await once(pdfPath);
  console.log(
    `\nGET /api/v1/visits/:id/pdf — a ${sample.pages}-page note of ${(sample.bytes / 1024).toFixed(1)} KiB; ` +
      `loopback, whole HTTP path, Node ${process.version}`,
  );
  console.log('run                               |    n |  p50 ms |  p95 ms |  p99 ms');

  const sequential: number[] = [];
  const cpuBefore = process.cpuUsage();
  for (let i = 0; i < ROUNDS; i++) sequential.push((await once(pdfPath)).ms);
  const cpu = process.cpuUsage(cpuBefore);
  report('visit PDF, sequential', sequential);

  const concurrent: number[] = [];
  let next = 0;
  const wall = Date.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < ROUNDS) {
        next++;
        concurrent.push((await once(pdfPath)).ms);
      }
    }),
  );
  report(`visit PDF, ${CONCURRENCY} in flight`, concurrent, Date.now() - wall);

  // The discharge summary of the same course.
  const current = await call<{ version: number }>('GET', `/episodes/${episode.id}`);
  await call(
    'POST',
    `/episodes/${episode.id}/discharge`,
    { date: daysAgo(1), reason: 'goals_met', note: 'Running 10 km pain-free.' },
    { 'If-Match': `"${current.version}"` },
  );
  const summaryPath = `/episodes/${episode.id}/discharge-summary.pdf`;
  const summary = await once(summaryPath);
  for (let i = 0; i < WARMUP; i++) await once(summaryPath);
  const summaries: number[] = [];
  for (let i = 0; i < ROUNDS; i++) summaries.push((await once(summaryPath)).ms);
  report(`discharge summary (${(summary.bytes / 1024).toFixed(1)} KiB), seq.`, summaries);

  // The API and this client share the process: its CPU per request bounds the API's own from above.
  const cpuMs = (cpu.user + cpu.system) / 1000 / ROUNDS;
  const load = loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  console.log(
    `\nCPU per sequential visit PDF (API + client in one process): ${cpuMs.toFixed(1)} ms; ` +
      `load average at the end ${load} on ${cpus().length} cores`,
  );
  const p95 = percentile(
    [...sequential].sort((a, b) => a - b),
    95,
  );
  console.log(
    `\ntarget: visit PDF under 300 ms p95 — ${p95 < 300 ? 'met' : 'NOT met'} (${p95.toFixed(1)} ms sequential)`,
  );

  await app.close();
  await stop();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
