import { createHash } from 'node:crypto';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { logger } from '../common/logger.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { standaloneClient } from '../database/database-url.js';

/** Runs one SQL statement with parameters and returns its rows. */
export type Query = (sql: string, params?: unknown[]) => Promise<unknown[]>;

const GENESIS = '00'.repeat(32);

/** Seals audit events not yet in the hash chain; returns how many (see the audit-chain migration). */
export async function sealAuditEvents(query: Query, limit = 10000): Promise<number> {
  const [row] = (await query(`SELECT audit_seal($1) AS n`, [limit])) as { n: number }[];
  return row.n;
}

/** Seals new audit events every `auditSealIntervalMs` while the API runs. */
@Injectable()
export class AuditSealer implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.auditSealIntervalMs <= 0) return;
    this.timer = setInterval(() => void this.tick(), this.config.auditSealIntervalMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await sealAuditEvents((sql, params) => this.dataSource.query(sql, params));
    } catch (err) {
      // The database may be away for a moment; the next tick seals what is left.
      logger.debug('audit sealing skipped', { error: err instanceof Error ? err.message : String(err) });
    } finally {
      this.running = false;
    }
  }
}

/** The canonical text of one event: every column in a fixed order, `<bytes>:<text>` or `~`. */
export function canonicalAuditText(fields: (string | null)[]): string {
  return fields.map((v) => (v === null ? '~' : `${Buffer.byteLength(v, 'utf8')}:${v}`)).join('');
}

export function chainHash(prevHex: string, canonical: string): string {
  return createHash('sha256')
    .update(prevHex + canonical, 'utf8')
    .digest('hex');
}

export interface ChainReport {
  ok: boolean;
  sealed: number;
  unsealed: number;
  oldestUnsealedSeconds: number | null;
  head: { position: number; hash: string };
  problems: string[];
}

interface ChainRow {
  chain_pos: string;
  seq: string;
  prev_hash: string;
  row_hash: string;
  f: (string | null)[];
}

/**
 * Walks the whole chain in order, recomputing every hash from the stored columns, and reports
 * each break: an edited event (its hash no longer matches), a deleted one (a gap in the
 * positions, or a previous-hash that no longer links), events cut from the end (the head
 * does not match), or a head that differs from one recorded earlier (`expectHead`).
 * Runs as the owner, which sees every clinic's events.
 */
export async function verifyAuditChain(
  query: Query,
  options: { expectHead?: { position: number; hash: string }; batch?: number } = {},
): Promise<ChainReport> {
  const batch = options.batch ?? 5000;
  const problems: string[] = [];
  let expectedPos = 1;
  let prev = GENESIS;
  let sealed = 0;
  let after = 0;
  let expectSeen = false;
  for (;;) {
    const rows = (await query(
      `SELECT chain_pos::text, seq::text, encode(prev_hash, 'hex') AS prev_hash, encode(row_hash, 'hex') AS row_hash,
              ARRAY[seq::text, id::text, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                    clinic_id::text, user_id::text, action, entity_type, entity_id, outcome, ip, user_agent,
                    changed_fields::text, detail::text] AS f
         FROM audit_events e WHERE e.chain_pos > $1 ORDER BY e.chain_pos LIMIT $2`,
      [after, batch],
    )) as ChainRow[];
    for (const row of rows) {
      const pos = Number(row.chain_pos);
      if (pos !== expectedPos) {
        problems.push(
          `chain positions ${expectedPos}–${pos - 1} are missing: ${pos - expectedPos} sealed event(s) deleted`,
        );
      }
      if (row.prev_hash !== prev) {
        problems.push(`event ${row.seq} (position ${pos}) does not link to the event before it`);
      }
      const recomputed = chainHash(row.prev_hash, canonicalAuditText(row.f));
      if (recomputed !== row.row_hash) {
        problems.push(`event ${row.seq} (position ${pos}) was changed after it was sealed`);
      }
      if (options.expectHead && pos === options.expectHead.position) {
        expectSeen = true;
        if (row.row_hash !== options.expectHead.hash) {
          problems.push(`position ${pos} no longer has the hash recorded earlier`);
        }
      }
      prev = row.row_hash;
      expectedPos = pos + 1;
      sealed++;
    }
    if (rows.length < batch) break;
    after = Number(rows[rows.length - 1].chain_pos);
  }

  const [head] = (await query(
    `SELECT last_pos::text, encode(last_hash, 'hex') AS last_hash FROM audit_chain_head WHERE id = 1`,
  )) as { last_pos: string; last_hash: string }[];
  const headPos = Number(head?.last_pos ?? 0);
  if (!head) problems.push('the chain head is missing');
  else if (headPos !== expectedPos - 1 || head.last_hash !== prev) {
    problems.push(
      headPos > expectedPos - 1
        ? `the chain ends at position ${expectedPos - 1} but the head says ${headPos}: sealed events were deleted`
        : `the chain head (position ${headPos}) does not match the last sealed event (position ${expectedPos - 1})`,
    );
  }
  if (options.expectHead && !expectSeen) {
    problems.push(`position ${options.expectHead.position}, recorded earlier, is no longer in the chain`);
  }

  const [pending] = (await query(
    `SELECT count(*)::int AS n, extract(epoch FROM now() - min(at))::float8 AS oldest
       FROM audit_events WHERE chain_pos IS NULL`,
  )) as { n: number; oldest: number | null }[];
  return {
    ok: problems.length === 0,
    sealed,
    unsealed: pending.n,
    oldestUnsealedSeconds: pending.oldest,
    head: { position: expectedPos - 1, hash: prev },
    problems,
  };
}

/**
 * `cli.js verify-audit [--seal] [--expect-head POS:HASH]`, as the owner: exit code 0 when the
 * chain is whole, 2 when it is broken. --seal seals pending events first; --expect-head checks
 * a head recorded earlier (print it after each run and keep it somewhere off the server).
 */
export async function verifyAuditCommand(
  ownerUrl: string,
  args: string[],
): Promise<{ exitCode: number; lines: string[] }> {
  let expectHead: { position: number; hash: string } | undefined;
  const at = args.indexOf('--expect-head');
  if (at >= 0) {
    const match = /^(\d+):([0-9a-f]{64})$/.exec(args[at + 1] ?? '');
    if (!match) return { exitCode: 64, lines: ['--expect-head takes POSITION:SHA256HEX'] };
    expectHead = { position: Number(match[1]), hash: match[2] };
  }
  const client = standaloneClient(ownerUrl);
  await client.connect();
  try {
    const query: Query = async (sql, params) => (await client.query(sql, params)).rows;
    if (args.includes('--seal')) await sealAuditEvents(query);
    const report = await verifyAuditChain(query, { expectHead });
    const oldest = report.oldestUnsealedSeconds;
    return {
      exitCode: report.ok ? 0 : 2,
      lines: [
        `sealed events checked: ${report.sealed}`,
        `not sealed yet: ${report.unsealed}${oldest !== null ? ` (oldest ${Math.round(oldest)} s)` : ''}`,
        `head: ${report.head.position}:${report.head.hash}`,
        ...report.problems.map((p) => `BROKEN: ${p}`),
        report.ok ? 'audit chain intact' : 'audit chain BROKEN',
      ],
    };
  } finally {
    await client.end();
  }
}
