import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** A refresh token with its session, read under a row lock for the exchange. */
export interface RefreshTokenRow {
  session_id: string;
  used_at: Date | null;
  clinic_id: string;
  user_id: string;
  expires_at: Date;
  /** Not revoked, not expired, not idle, and its user active. */
  live: boolean;
}

/**
 * `auth_sessions` and `refresh_tokens`. Refresh tokens are stored as SHA-256 hashes only; each
 * method runs in a transaction the caller has bound to the clinic (`bindTokenClinic` does that
 * for a token that arrives before the clinic is known).
 */
@Injectable()
export class SessionsRepository {
  async insertSession(
    m: EntityManager,
    s: { clinicId: string; userId: string; hours: number; ip: string; userAgent: string | null },
  ): Promise<{ id: string; expiresAt: Date }> {
    const [row] = (await m.query(
      `INSERT INTO auth_sessions (clinic_id, user_id, expires_at, ip, user_agent)
       VALUES ($1, $2, now() + make_interval(hours => $3), $4, $5)
       RETURNING id, expires_at`,
      [s.clinicId, s.userId, s.hours, s.ip, s.userAgent],
    )) as { id: string; expires_at: Date }[];
    return { id: row.id, expiresAt: new Date(row.expires_at) };
  }

  async insertToken(m: EntityManager, tokenHash: Buffer, sessionId: string, clinicId: string): Promise<void> {
    await m.query(`INSERT INTO refresh_tokens (token_hash, session_id, clinic_id) VALUES ($1, $2, $3)`, [
      tokenHash,
      sessionId,
      clinicId,
    ]);
  }

  /**
   * Binds the transaction to the clinic of a refresh token, read through a narrow SECURITY
   * DEFINER function; false when no such token exists.
   */
  async bindTokenClinic(m: EntityManager, tokenHash: Buffer): Promise<boolean> {
    const [row] = (await m.query(
      `SELECT set_config('app.clinic_id', coalesce(auth_find_refresh_token($1)::text, ''), true) AS clinic`,
      [tokenHash],
    )) as { clinic: string }[];
    return row.clinic !== '';
  }

  async lockToken(
    m: EntityManager,
    tokenHash: Buffer,
    idleMinutes: number,
  ): Promise<RefreshTokenRow | undefined> {
    const rows = (await m.query(
      `SELECT rt.session_id, rt.used_at, s.clinic_id, s.user_id, s.expires_at,
              (s.revoked_at IS NULL AND s.expires_at > now()
                AND s.last_seen_at > now() - make_interval(mins => $2) AND u.active) AS live
         FROM refresh_tokens rt
         JOIN auth_sessions s ON s.id = rt.session_id
         JOIN users u ON u.id = s.user_id
        WHERE rt.token_hash = $1
        FOR UPDATE OF rt, s`,
      [tokenHash, idleMinutes],
    )) as RefreshTokenRow[];
    return rows[0];
  }

  async revokeSession(m: EntityManager, sessionId: string, clinicId: string, reason: string): Promise<void> {
    await m.query(
      `UPDATE auth_sessions SET revoked_at = now(), revoked_reason = $3
        WHERE id = $1 AND clinic_id = $2 AND revoked_at IS NULL`,
      [sessionId, clinicId, reason],
    );
  }

  async markTokenUsed(m: EntityManager, tokenHash: Buffer, clinicId: string): Promise<void> {
    await m.query(`UPDATE refresh_tokens SET used_at = now() WHERE token_hash = $1 AND clinic_id = $2`, [
      tokenHash,
      clinicId,
    ]);
  }

  async touchSession(m: EntityManager, sessionId: string, clinicId: string): Promise<void> {
    await m.query(`UPDATE auth_sessions SET last_seen_at = now() WHERE id = $1 AND clinic_id = $2`, [
      sessionId,
      clinicId,
    ]);
  }

  /** Revokes the session of a token (keeping an earlier revocation); returns whose it was. */
  async revokeByToken(
    m: EntityManager,
    tokenHash: Buffer,
    reason: string,
  ): Promise<{ sessionId: string; userId: string; clinicId: string } | undefined> {
    const rows = (await m.query(
      `UPDATE auth_sessions s SET revoked_at = coalesce(s.revoked_at, now()),
              revoked_reason = coalesce(s.revoked_reason, $2)
         FROM refresh_tokens rt
        WHERE rt.token_hash = $1 AND s.id = rt.session_id
        RETURNING s.id, s.user_id, s.clinic_id`,
      [tokenHash, reason],
    )) as [{ id: string; user_id: string; clinic_id: string }[], number];
    const row = rows[0]?.[0];
    return row ? { sessionId: row.id, userId: row.user_id, clinicId: row.clinic_id } : undefined;
  }
}
