import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { Clinic } from '../clinics/clinic.entity.js';
import { ConflictError, RateLimitedError, UnauthenticatedError } from '../common/problems.js';
import { requestContext } from '../common/request-context.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { bindTenant } from '../database/tenant-transaction.js';
import type { UserView } from '../users/dto/user.dto.js';
import { User } from '../users/user.entity.js';
import { toUserView } from '../users/users.mapper.js';
import type { LoginDto, SignupDto } from './dto/auth.dto.js';
import type { AccessClaims } from './jwt.strategy.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { type IssuedSession, SessionsService } from './sessions.service.js';
import { SignInThrottle } from './sign-in-throttle.service.js';

export interface SignedIn {
  accessToken: string;
  user: UserView;
  session: IssuedSession;
}

const BAD_CREDENTIALS = 'The email or password is not correct.';

export function emailKey(email: string): string {
  return email.trim().toLowerCase();
}

export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const e = err as {
    code?: string;
    constraint?: string;
    driverError?: { code?: string; constraint?: string };
  };
  const code = e?.code ?? e?.driverError?.code;
  const name = e?.constraint ?? e?.driverError?.constraint;
  return code === '23505' && (constraint === undefined || name === constraint);
}

@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jwt: JwtService,
    private readonly sessions: SessionsService,
    private readonly throttle: SignInThrottle,
    private readonly audit: AuditService,
  ) {}

  private client() {
    const ctx = requestContext.current();
    return { ip: ctx?.ip ?? 'unknown', userAgent: ctx?.userAgent ?? null };
  }

  private async issue(m: EntityManager, user: User): Promise<SignedIn> {
    const clinic = await m.findOneByOrFail(Clinic, { id: user.clinicId });
    const session = await this.sessions.create(m, user, this.client());
    return {
      accessToken: await this.accessToken(user, session.sessionId),
      user: toUserView(user, clinic),
      session,
    };
  }

  private accessToken(user: { id: string; clinicId: string }, sessionId: string): Promise<string> {
    const claims: AccessClaims = { sub: user.id, cid: user.clinicId, sid: sessionId };
    return this.jwt.signAsync(claims);
  }

  /** A new clinic and its first user, who is both admin and therapist. */
  async signup(dto: SignupDto): Promise<SignedIn> {
    const passwordHash = await hashPassword(dto.password);
    try {
      return await this.dataSource.transaction(async (m) => {
        const clinic = await m.save(
          m.create(Clinic, {
            name: dto.clinicName,
            timezone: dto.timezone ?? 'UTC',
            distanceUnit: dto.distanceUnit ?? 'km',
            requireMfaForAdmins: false,
          }),
        );
        const user = await m.save(
          m.create(User, {
            clinicId: clinic.id,
            email: emailKey(dto.email),
            fullName: dto.fullName,
            roles: ['admin', 'therapist'],
            passwordHash,
            active: true,
            mfaEnabled: false,
          }),
        );
        await bindTenant(m, { clinicId: clinic.id, userId: user.id });
        const signedIn = await this.issue(m, user);
        await this.audit.record(m, {
          action: 'auth.signup',
          clinicId: clinic.id,
          userId: user.id,
          entityType: 'clinic',
          entityId: clinic.id,
        });
        return signedIn;
      });
    } catch (err) {
      if (isUniqueViolation(err, 'users_email_key')) {
        throw new ConflictError('An account with this email already exists.');
      }
      throw err;
    }
  }

  async login(dto: LoginDto): Promise<SignedIn> {
    const key = emailKey(dto.email);
    const { ip } = this.client();
    const wait = await this.throttle.retryAfterSeconds(key, ip);
    if (wait > 0) {
      await this.audit.recordSeparately({
        action: 'auth.login',
        outcome: 'denied',
        clinicId: null,
        userId: null,
        detail: { email: key, reason: 'rate_limited' },
      });
      throw new RateLimitedError(wait, 'Too many failed sign-ins. Try again later.');
    }

    const user = await this.dataSource
      .getRepository(User)
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('lower(u.email) = :key', { key })
      .getOne();
    const ok = await verifyPassword(user?.active ? user.passwordHash : undefined, dto.password);
    if (!user || !ok) {
      await this.throttle.recordFailure(key, ip);
      await this.audit.recordSeparately({
        action: 'auth.login',
        outcome: 'failure',
        clinicId: user?.clinicId ?? null,
        userId: user?.id ?? null,
        entityType: user ? 'user' : undefined,
        entityId: user?.id,
        detail: { email: key, reason: !user ? 'unknown_email' : user.active ? 'wrong_password' : 'inactive' },
      });
      throw new UnauthenticatedError(BAD_CREDENTIALS);
    }
    await this.throttle.clearAccount(key);
    return this.dataSource.transaction(async (m) => {
      await bindTenant(m, { clinicId: user.clinicId, userId: user.id });
      const signedIn = await this.issue(m, user);
      await this.audit.record(m, {
        action: 'auth.login',
        clinicId: user.clinicId,
        userId: user.id,
        entityType: 'user',
        entityId: user.id,
      });
      return signedIn;
    });
  }

  async refresh(refreshToken: string | undefined): Promise<SignedIn> {
    if (!refreshToken) throw new UnauthenticatedError('No session to refresh.');
    const result = await this.sessions.rotate(refreshToken);
    if (result.kind === 'reused') {
      await this.audit.recordSeparately({
        action: 'auth.refresh_token_reuse',
        outcome: 'denied',
        clinicId: result.clinicId,
        userId: result.userId,
        entityType: 'session',
        entityId: result.sessionId,
      });
    }
    if (result.kind !== 'rotated') throw new UnauthenticatedError('The session has ended. Sign in again.');
    return this.dataSource.transaction(async (m) => {
      await bindTenant(m, { clinicId: result.clinicId, userId: result.userId });
      const user = await m.findOneByOrFail(User, { id: result.userId });
      const clinic = await m.findOneByOrFail(Clinic, { id: user.clinicId });
      return {
        accessToken: await this.accessToken(user, result.session.sessionId),
        user: toUserView(user, clinic),
        session: result.session,
      };
    });
  }

  async logout(refreshToken: string | undefined): Promise<void> {
    if (!refreshToken) return;
    const revoked = await this.sessions.revokeByToken(refreshToken, 'logout');
    if (revoked) {
      await this.audit.recordSeparately({
        action: 'auth.logout',
        clinicId: revoked.clinicId,
        userId: revoked.userId,
        entityType: 'session',
        entityId: revoked.sessionId,
      });
    }
  }

  get refreshCookieMaxAgeMs(): number {
    return this.config.sessionAbsoluteHours * 3600 * 1000;
  }
}
