import type { EntityManager } from 'typeorm';
import { bodyHash } from '../common/canonical-json.js';
import { ConflictError, IdempotencyKeyReusedError, ValidationProblem } from '../common/problems.js';

/**
 * `Idempotency-Key` on a POST: the first 2xx answer is stored in the request's own transaction
 * and replayed for 24 hours; the same key with another body is 422; while the first request is
 * still running, 409 with Retry-After. Keys are scoped to clinic, user, method and path.
 */

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

/** How long a stored answer is replayed. */
const REPLAY_WINDOW = `interval '24 hours'`;

/** The answer stored for a key. */
export interface StoredAnswer {
  request_hash: string;
  status_code: number;
  response_body: unknown;
  etag: string | null;
}

/** One key of one caller: clinic, user, method, path (no query string) and the key itself. */
export interface IdempotentRequest {
  scope: [clinicId: string, userId: string, method: string, path: string, key: string];
  /** The canonical hash of the body, to tell a replay from a reuse of the key. */
  hash: string;
}

/** The header as sent: absent (undefined), or a key that must be well formed. */
export function readIdempotencyKey(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (typeof header !== 'string' || !IDEMPOTENCY_KEY.test(header)) {
    throw ValidationProblem.field(
      'Idempotency-Key',
      'Idempotency-Key must be 1–200 printable ASCII characters',
    );
  }
  return header;
}

export function idempotentRequest(
  caller: { clinicId: string; userId: string },
  method: string,
  url: string,
  key: string,
  body: unknown,
): IdempotentRequest {
  return { scope: [caller.clinicId, caller.userId, method, url.split('?')[0], key], hash: bodyHash(body) };
}

/**
 * Takes the key's lock for this transaction (409 if another request holds it), then returns
 * the stored answer to replay, if there is one from the last 24 hours (422 if it was stored
 * for another body).
 */
export async function claimIdempotencyKey(
  m: EntityManager,
  request: IdempotentRequest,
): Promise<StoredAnswer | undefined> {
  const [lock] = (await m.query(`SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS ok`, [
    request.scope.join('\n'),
  ])) as { ok: boolean }[];
  if (!lock.ok) throw new ConflictError('A request with this Idempotency-Key is still in progress.', 1);
  const rows = (await m.query(
    `SELECT request_hash, status_code, response_body, etag FROM idempotency_keys
      WHERE clinic_id = $1 AND user_id = $2 AND method = $3 AND path = $4 AND key = $5
        AND created_at > now() - ${REPLAY_WINDOW}`,
    request.scope,
  )) as StoredAnswer[];
  const stored = rows[0];
  if (stored && stored.request_hash !== request.hash) throw new IdempotencyKeyReusedError();
  return stored;
}

/** Stores the answer to replay, in the transaction of the work it answers for. */
export async function storeIdempotentAnswer(
  m: EntityManager,
  request: IdempotentRequest,
  answer: { status: number; body: unknown; etag: string | null },
): Promise<void> {
  await m.query(
    `INSERT INTO idempotency_keys (clinic_id, user_id, method, path, key, request_hash, status_code,
                                   response_body, etag)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (clinic_id, user_id, method, path, key) DO UPDATE
       SET request_hash = EXCLUDED.request_hash, status_code = EXCLUDED.status_code,
           response_body = EXCLUDED.response_body, etag = EXCLUDED.etag, created_at = now()`,
    [...request.scope, request.hash, answer.status, JSON.stringify(answer.body ?? null), answer.etag],
  );
}

/** Housekeeping (as the owner): answers older than the replay window only take space. */
export async function pruneIdempotencyKeys(query: (sql: string) => Promise<unknown>): Promise<void> {
  await query(`DELETE FROM idempotency_keys WHERE created_at < now() - ${REPLAY_WINDOW}`);
}
