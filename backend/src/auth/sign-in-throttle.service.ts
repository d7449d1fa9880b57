import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config.js';

/**
 * Counts failed sign-ins per account and per address over a sliding window, in PostgreSQL so
 * that every API process sees the same counts.
 */
@Injectable()
export class SignInThrottle {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Seconds until the caller may try again, or 0. Blocked once the account already has
   * `loginMaxFailuresPerAccount` failures in the window (or the address its maximum): the
   * attempt after the last allowed failure is refused without checking the password.
   */
  async retryAfterSeconds(emailKey: string, address: string): Promise<number> {
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
      [
        emailKey,
        address,
        this.config.loginWindowMinutes,
        this.config.loginMaxFailuresPerAccount,
        this.config.loginMaxFailuresPerAddress,
      ],
    )) as { wait: string }[];
    const wait = Number(rows[0]?.wait ?? 0);
    return wait > 0 ? Math.ceil(wait) : 0;
  }

  async recordFailure(emailKey: string, address: string): Promise<void> {
    await this.dataSource.query(`INSERT INTO sign_in_failures (email_key, address) VALUES ($1, $2)`, [
      emailKey,
      address,
    ]);
  }

  /**
   * A successful sign-in clears the account's count. Its rows leave the address's count too; the
   * address keeps the failures recorded against every other account.
   */
  async clearAccount(emailKey: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM sign_in_failures WHERE email_key = $1`, [emailKey]);
  }

  /** Failures recorded under `emailKey` in the window (two-step sign-in tokens use their own key). */
  async failures(emailKey: string): Promise<number> {
    const rows = (await this.dataSource.query(
      `SELECT count(*)::int AS n FROM sign_in_failures
        WHERE email_key = $1 AND at > now() - make_interval(mins => $2)`,
      [emailKey, this.config.loginWindowMinutes],
    )) as { n: number }[];
    return rows[0]?.n ?? 0;
  }
}
