/**
 * Property-based fuzzing of every operation in the OpenAPI document (GET /api/docs-json), so
 * operations added later are fuzzed without a change here. Each operation gets a fresh world
 * (test/fuzz/fixtures.ts) and FUZZ_RUNS requests (default 500) built from its schemas by
 * fast-check, seeded by FUZZ_SEED. Every answer must (fuzz/runner.ts, fuzz/oracle.ts):
 *   - be < 500, and problem+json with {type, title, status} and the right status when not 2xx;
 *   - carry no stack trace or SQL, whatever its status;
 *   - when it refuses, leave every domain table as it was (audit events and sign-in failure
 *     counters are written for refusals by design), and leave an audit event when it is a
 *     403/404/409/412/422/428 to a signed-in caller (SPEC section 6);
 *   - never be 2xx for an unknown, malformed or other clinic's path id, and answer another
 *     clinic's id exactly like an unknown one (the request is repeated with a random UUID);
 *   - never be 2xx with another clinic's id in the body, nor, on a secured operation, without
 *     a valid access token.
 *
 *   FUZZ_RUNS=2000 FUZZ_SEED=7 npm test -w backend -- fuzz -t 'PATCH /api/v1/visits'
 *   FUZZ_REPORT=1 prints requests and statuses per operation; FUZZ_LOG=error the app's errors;
 *   FUZZ_SHRINK=1 shrinks a counterexample.
 */
import { afterAll, describe, expect, it, jest } from '@jest/globals';
import fc from 'fast-check';
import { buildWorld, forgedTokens } from './fuzz/fixtures.js';
import { type OpenApiDocument, operationsOf } from './fuzz/openapi.js';
import { fingerprintQuery } from './fuzz/oracle.js';
import { requestPlanArb } from './fuzz/requests.js';
import { OperationFuzzer } from './fuzz/runner.js';
import { PASSWORD } from './factories.js';
import { createTestApp } from './test-app.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 500);
const SEED = Number(process.env.FUZZ_SEED ?? 20260302);

// Fixture sign-ins use X-Forwarded-For addresses of their own (see fixtures.ts). FUZZ_LOG=error
// shows the app's own log (with the stack of a 500).
const t = await createTestApp({
  trustProxy: 1,
  logLevel: (process.env.FUZZ_LOG as 'error' | undefined) ?? 'silent',
});
const doc = (await t.http().get('/api/docs-json').expect(200)).body as OpenApiDocument;
const operations = operationsOf(doc);
const fingerprint = await fingerprintQuery(t.sql);
const summary: string[] = [];

jest.setTimeout(60_000 + RUNS * 600);

let totalRequests = 0;

afterAll(async () => {
  if (process.env.FUZZ_REPORT) {
    process.stdout.write(`\n${summary.join('\n')}\nrequests in all: ${totalRequests}\n`);
  }
  await t.close();
});

describe('fuzzing every operation of the OpenAPI document', () => {
  it('finds the operations and the domain tables', () => {
    expect(operations.length).toBeGreaterThan(30);
    expect(fingerprint.tables).toEqual(expect.arrayContaining(['patients', 'visits', 'auth_sessions']));
  });

  it.each(operations.map((op) => [op.key, op] as const))('%s', async (_key, op) => {
    const started = Date.now();
    const world = await buildWorld(t);
    const ctx = {
      a: world.a.ids,
      b: world.b.ids,
      shared: world.shared,
      emails: [...world.a.emails, ...world.b.emails],
      password: PASSWORD,
    };
    const tokens = {
      owner: world.a.owner.accessToken,
      therapist: world.a.therapist!.accessToken,
      other: world.b.owner.accessToken,
      forged: forgedTokens(world.a.owner),
    };
    const worldMs = Date.now() - started;
    const fuzzer = new OperationFuzzer(t, op, world, fingerprint.text);
    try {
      await fc.assert(
        fc.asyncProperty(requestPlanArb(op, ctx, tokens), (plan) => fuzzer.run(plan)),
        // Shrinking re-sends requests against a database the first ones changed: opt-in.
        { seed: SEED, numRuns: RUNS, endOnFailure: !process.env.FUZZ_SHRINK, includeErrorInReport: true },
      );
    } catch (err) {
      throw new Error(
        `${op.key} failed (reproduce: FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS} npm test -w backend -- fuzz -t '${op.key}')\n${(err as Error).message}`,
      );
    } finally {
      totalRequests += fuzzer.requests;
      const statuses = [...fuzzer.statuses].sort(([x], [y]) => x - y).map(([s, n]) => `${s}×${n}`);
      summary.push(
        `${op.key}: ${fuzzer.requests} requests in ${Date.now() - started} ms (world ${worldMs}, ` +
          `sending ${fuzzer.sendMs}, fingerprints ${fuzzer.fingerprintMs}; ${fuzzer.twins} unknown-id twins) ` +
          `— ${statuses.join(' ')}`,
      );
    }
    expect(fuzzer.requests).toBeGreaterThanOrEqual(RUNS);
  });
});
