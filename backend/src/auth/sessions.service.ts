import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { SessionsRepository } from './sessions.repository.js';

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
    private readonly repo: SessionsRepository,
  ) {}

  async create(
    m: EntityManager,
    user: { id: string; clinicId: string },
    client: { ip: string; userAgent: string | null },
  ): Promise<IssuedSession> {
    const session = await this.repo.insertSession(m, {
      clinicId: user.clinicId,
      userId: user.id,
      hours: this.config.sessionAbsoluteHours,
      ...client,
    });
    const refreshToken = newToken();
    await this.repo.insertToken(m, hashToken(refreshToken), session.id, user.clinicId);
    return { sessionId: session.id, refreshToken, expiresAt: session.expiresAt };
  }

  /**
   * Exchanges a refresh token for a new one in one transaction. A reused token revokes its
   * family; that revocation is committed even though the caller then answers 401. A refresh
   * token arrives before the clinic is known: the transaction is bound to the token's clinic.
   */
  async rotate(refreshToken: string): Promise<RotateResult> {
    const hash = hashToken(refreshToken);
    return this.dataSource.transaction(async (m) => {
      if (!(await this.repo.bindTokenClinic(m, hash))) return { kind: 'refused' };
      const row = await this.repo.lockToken(m, hash, this.config.sessionIdleMinutes);
      if (!row) return { kind: 'refused' };
      if (row.used_at !== null) {
        await this.repo.revokeSession(m, row.session_id, row.clinic_id, 'refresh_token_reuse');
        return { kind: 'reused', sessionId: row.session_id, userId: row.user_id, clinicId: row.clinic_id };
      }
      if (!row.live) return { kind: 'refused' };

      await this.repo.markTokenUsed(m, hash, row.clinic_id);
      const next = newToken();
      await this.repo.insertToken(m, hashToken(next), row.session_id, row.clinic_id);
      await this.repo.touchSession(m, row.session_id, row.clinic_id);
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
    const hash = hashToken(refreshToken);
    return this.dataSource.transaction(async (m) => {
      if (!(await this.repo.bindTokenClinic(m, hash))) return undefined;
      return this.repo.revokeByToken(m, hash, reason);
    });
  }
}
