import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** The window and limits a count is taken over. */
export interface ThrottleWindow {
  minutes: number;
  maxPerAccount: number;
  maxPerAddress: number;
}

/**
 * `sign_in_failures`: failed sign-ins by account key and address. It holds no clinic and no
 * patient data, so it is read outside any tenant transaction, before the clinic is known.
 */
@Injectable()
export class SignInFailuresRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Seconds until the newest failure that makes the account (or the address) reach its maximum
   * leaves the window; 0 or less when neither is at its maximum.
   */
  async secondsUntilBelowLimit(emailKey: string, address: string, w: ThrottleWindow): Promise<number> {
    const rows = (await this.dataSource.query(
      `SELECT greatest(
          coalesce((SELECT extract(epoch FROM at + make_interval(mins => $3) - now())
                      FROM sign_in_failures
                     WHERE email_key = $1 AND at > now() - make_interval(mins => $3)
                     ORDER BY at DESC OFFSET $4 - 1 LIMIT 1), 0),
          coalesce((SELECT extract(epoch FROM at + make_interval(mins => $3) - now())
                      FROM sign_in_failures
                     WHERE address = $2 AND at > now() - make_interval(mins => $3)
                     ORDER BY at DESC OFFSET $5 - 1 LIMIT 1), 0)
        ) AS wait`,
      [emailKey, address, w.minutes, w.maxPerAccount, w.maxPerAddress],
    )) as { wait: string }[];
    return Number(rows[0]?.wait ?? 0);
  }

  async insert(emailKey: string, address: string): Promise<void> {
    await this.dataSource.query(`INSERT INTO sign_in_failures (email_key, address) VALUES ($1, $2)`, [
      emailKey,
      address,
    ]);
  }

  async deleteAccount(emailKey: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM sign_in_failures WHERE email_key = $1`, [emailKey]);
  }

  async countInWindow(emailKey: string, minutes: number): Promise<number> {
    const rows = (await this.dataSource.query(
      `SELECT count(*)::int AS n FROM sign_in_failures
        WHERE email_key = $1 AND at > now() - make_interval(mins => $2)`,
      [emailKey, minutes],
    )) as { n: number }[];
    return rows[0]?.n ?? 0;
  }
}

/** Housekeeping (as the owner): failures are counted over minutes; two-day-old rows only take space. */
export async function pruneSignInFailures(query: (sql: string) => Promise<unknown>): Promise<void> {
  await query(`DELETE FROM sign_in_failures WHERE at < now() - interval '2 days'`);
}
