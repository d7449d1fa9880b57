import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config.js';

export interface IssuedSession {
  sessionId: string;
  refreshToken: string;
  expiresAt: Date;
}

export type RotateResult =
  | { kind: 'rotated'; session: IssuedSession; userId: string; clinicId: string }
  | { kind: 'reused'; sessionId: string; userId: string; clinicId: string }
  | { kind: 'refused' };

function hashToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

/**
 * A refresh token arrives before the clinic is known: a SECURITY DEFINER function tells
 * which clinic it belongs to, and the transaction is bound to that clinic for the rest.
 */
async function bindTokenClinic(m: EntityManager, refreshToken: string): Promise<boolean> {
  const [row] = (await m.query(
    `SELECT set_config('app.clinic_id', coalesce(auth_find_refresh_token($1)::text, ''), true) AS clinic`,
    [hashToken(refreshToken)],
  )) as { clinic: string }[];
  return row.clinic !== '';
}

function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Sign-in sessions. A session is one refresh-token family: each refresh uses up the token it
 * was given and hands out a new one; presenting a used token again revokes the family.
 * A session ends after `sessionIdleMinutes` without a request and `sessionAbsoluteHours` at most.
 */
@Injectable()
export class SessionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(
    m: EntityManager,
    user: { id: string; clinicId: string },
    client: { ip: string; userAgent: string | null },
  ): Promise<IssuedSession> {
    const [row] = (await m.query(
      `INSERT INTO auth_sessions (clinic_id, user_id, expires_at, ip, user_agent)
       VALUES ($1, $2, now() + make_interval(hours => $3), $4, $5)
       RETURNING id, expires_at`,
      [user.clinicId, user.id, this.config.sessionAbsoluteHours, client.ip, client.userAgent],
    )) as { id: string; expires_at: Date }[];
    const refreshToken = newToken();
    await m.query(`INSERT INTO refresh_tokens (token_hash, session_id, clinic_id) VALUES ($1, $2, $3)`, [
      hashToken(refreshToken),
      row.id,
      user.clinicId,
    ]);
    return { sessionId: row.id, refreshToken, expiresAt: new Date(row.expires_at) };
  }

  /**
   * Exchanges a refresh token for a new one in one transaction. A reused token revokes its
   * family; that revocation is committed even though the caller then answers 401.
   */
  async rotate(refreshToken: string): Promise<RotateResult> {
    return this.dataSource.transaction(async (m) => {
      if (!(await bindTokenClinic(m, refreshToken))) return { kind: 'refused' };
      const rows = (await m.query(
        `SELECT rt.session_id, rt.used_at, s.clinic_id, s.user_id, s.expires_at,
                (s.revoked_at IS NULL AND s.expires_at > now()
                  AND s.last_seen_at > now() - make_interval(mins => $2) AND u.active) AS live
           FROM refresh_tokens rt
           JOIN auth_sessions s ON s.id = rt.session_id
           JOIN users u ON u.id = s.user_id
          WHERE rt.token_hash = $1
          FOR UPDATE OF rt, s`,
        [hashToken(refreshToken), this.config.sessionIdleMinutes],
      )) as {
        session_id: string;
        used_at: Date | null;
        clinic_id: string;
        user_id: string;
        expires_at: Date;
        live: boolean;
      }[];
      const row = rows[0];
      if (!row) return { kind: 'refused' };
      if (row.used_at !== null) {
        await m.query(
          `UPDATE auth_sessions SET revoked_at = now(), revoked_reason = 'refresh_token_reuse'
            WHERE id = $1 AND revoked_at IS NULL`,
          [row.session_id],
        );
        return { kind: 'reused', sessionId: row.session_id, userId: row.user_id, clinicId: row.clinic_id };
      }
      if (!row.live) return { kind: 'refused' };

      await m.query(`UPDATE refresh_tokens SET used_at = now() WHERE token_hash = $1`, [
        hashToken(refreshToken),
      ]);
      const next = newToken();
      await m.query(`INSERT INTO refresh_tokens (token_hash, session_id, clinic_id) VALUES ($1, $2, $3)`, [
        hashToken(next),
        row.session_id,
        row.clinic_id,
      ]);
      await m.query(`UPDATE auth_sessions SET last_seen_at = now() WHERE id = $1`, [row.session_id]);
      return {
        kind: 'rotated',
        userId: row.user_id,
        clinicId: row.clinic_id,
        session: { sessionId: row.session_id, refreshToken: next, expiresAt: new Date(row.expires_at) },
      };
    });
  }

  /** Revokes the family of a refresh token; returns whose it was, if anyone's. */
  async revokeByToken(
    refreshToken: string,
    reason: string,
  ): Promise<{ sessionId: string; userId: string; clinicId: string } | undefined> {
    return this.dataSource.transaction(async (m) => {
      if (!(await bindTokenClinic(m, refreshToken))) return undefined;
      const rows = (await m.query(
        `UPDATE auth_sessions s SET revoked_at = coalesce(s.revoked_at, now()),
                revoked_reason = coalesce(s.revoked_reason, $2)
           FROM refresh_tokens rt
          WHERE rt.token_hash = $1 AND s.id = rt.session_id
          RETURNING s.id, s.user_id, s.clinic_id`,
        [hashToken(refreshToken), reason],
      )) as [{ id: string; user_id: string; clinic_id: string }[], number];
      const row = rows[0]?.[0];
      return row ? { sessionId: row.id, userId: row.user_id, clinicId: row.clinic_id } : undefined;
    });
  }

  /** Ends every live session of a user (deactivation). */
  async revokeAllOfUser(m: EntityManager, userId: string, reason: string): Promise<void> {
    await m.query(
      `UPDATE auth_sessions SET revoked_at = now(), revoked_reason = $2 WHERE user_id = $1 AND revoked_at IS NULL`,
      [userId, reason],
    );
  }
}
