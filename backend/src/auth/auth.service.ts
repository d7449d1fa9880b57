import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { insertClinic } from '../clinics/clinics.repository.js';
import { ConflictError, RateLimitedError, UnauthenticatedError } from '../common/problems.js';
import { requestContext } from '../common/request-context.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { isUniqueViolation } from '../database/errors.js';
import { bindTenant } from '../database/tenant-transaction.js';
import type { UserView } from '../users/dto/user.dto.js';
import { accounts, emailKey, toUserView, UNIQUE_EMAIL, type UserRow } from '../users/users.repository.js';
import type { LoginDto, SignupDto } from './dto/auth.dto.js';
import type { AccessClaims } from './jwt.strategy.js';
import { hashPassword, verifyPassword } from '../users/passwords.js';
import { SecretBox, verifyTotp } from './totp.js';
import { type IssuedSession, SessionsService } from './sessions.service.js';
import { SignInThrottle } from './sign-in-throttle.service.js';

export interface SignedIn {
  accessToken: string;
  user: UserView;
  session: IssuedSession;
}

/** The password was right; the account also needs a TOTP code (POST /auth/mfa/verify). */
export interface MfaChallenge {
  mfaRequired: true;
  mfaToken: string;
}

export const MFA_AUDIENCE = 'stride-mfa';
const MFA_TOKEN_TTL_SECONDS = 300;
/** Wrong codes one two-step token takes before it is dead and the password is asked again. */
export const MFA_MAX_CODES_PER_TOKEN = 5;

interface MfaClaims {
  sub: string;
  cid: string;
  jti: string;
  purpose: 'mfa';
}

const BAD_CREDENTIALS = 'The email or password is not correct.';
const BAD_CODE = 'The code is not correct or has expired.';
const SIGN_IN_AGAIN = 'The sign-in has expired. Enter your email and password again.';

/** The account as sign-in reads it. */
function account(r: UserRow) {
  return { id: r.id, clinicId: r.clinic_id, active: r.active, mfaEnabled: r.mfa_enabled };
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
    private readonly secrets: SecretBox,
  ) {}

  private client() {
    const ctx = requestContext.current();
    return { ip: ctx?.ip ?? 'unknown', userAgent: ctx?.userAgent ?? null };
  }

  private async issue(m: EntityManager, user: { id: string; clinicId: string }): Promise<SignedIn> {
    const view = toUserView(await accounts.withClinic(m, user.id, user.clinicId));
    const session = await this.sessions.create(m, user, this.client());
    return { accessToken: await this.accessToken(user, session.sessionId), user: view, session };
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
        // Row-level security lets a transaction write only its own clinic's rows: the new
        // clinic's id is chosen here and bound before anything is inserted.
        const clinicId = randomUUID();
        await bindTenant(m, { clinicId, userId: '' });
        const clinic = await insertClinic(m, {
          id: clinicId,
          name: dto.clinicName,
          timezone: dto.timezone ?? 'UTC',
          distanceUnit: dto.distanceUnit ?? 'km',
        });
        const user = await accounts.insert(m, {
          clinicId: clinic.id,
          email: emailKey(dto.email),
          fullName: dto.fullName,
          roles: ['admin', 'therapist'],
          passwordHash,
        });
        await bindTenant(m, { clinicId: clinic.id, userId: user.id });
        const signedIn = await this.issue(m, { id: user.id, clinicId: clinic.id });
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
      if (isUniqueViolation(err, UNIQUE_EMAIL)) {
        throw new ConflictError('An account with this email already exists.');
      }
      throw err;
    }
  }

  async login(dto: LoginDto): Promise<SignedIn | MfaChallenge> {
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

    // Which account (and so which clinic) the email belongs to is read through a narrow
    // SECURITY DEFINER function; the account itself is read under row-level security.
    const found = await this.dataSource.transaction(async (m) => {
      const account = await accounts.findByEmail(m, key);
      if (!account) return undefined;
      await bindTenant(m, account);
      return accounts.withPassword(m, account.userId, account.clinicId);
    });
    const user = found && { ...account(found), passwordHash: found.password_hash };
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
    if (user.mfaEnabled) {
      const claims: MfaClaims = { sub: user.id, cid: user.clinicId, jti: randomUUID(), purpose: 'mfa' };
      const mfaToken = await this.jwt.signAsync(claims, {
        audience: MFA_AUDIENCE,
        expiresIn: MFA_TOKEN_TTL_SECONDS,
      });
      await this.audit.recordSeparately({
        action: 'auth.login',
        clinicId: user.clinicId,
        userId: user.id,
        entityType: 'user',
        entityId: user.id,
        detail: { step: 'password', next: 'totp' },
      });
      return { mfaRequired: true, mfaToken };
    }
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

  /**
   * The second step: a TOTP code for the account named by the two-step token. A wrong code
   * counts as a failed sign-in of the account (and of the address), and a token dies after
   * five wrong codes; a code once accepted cannot be used again.
   */
  async verifyMfa(mfaToken: string, code: string): Promise<SignedIn> {
    let claims: MfaClaims;
    try {
      claims = await this.jwt.verifyAsync<MfaClaims>(mfaToken, { audience: MFA_AUDIENCE });
    } catch {
      throw new UnauthenticatedError(SIGN_IN_AGAIN);
    }
    if (claims.purpose !== 'mfa' || typeof claims.jti !== 'string') throw new UnauthenticatedError();
    const { ip } = this.client();
    const tokenKey = `mfa:${claims.jti}`;

    const result = await this.dataSource.transaction(async (m) => {
      await bindTenant(m, { clinicId: claims.cid, userId: claims.sub });
      const row = await accounts.lockMfaState(m, claims.sub, claims.cid);
      if (!row?.active || !row.mfa_enabled || !row.mfa_secret) return { kind: 'dead' as const };
      const key = emailKey(row.email);
      const wait = await this.throttle.retryAfterSeconds(key, ip);
      if (wait > 0) return { kind: 'throttled' as const, wait, key };
      if ((await this.throttle.failures(tokenKey)) >= MFA_MAX_CODES_PER_TOKEN)
        return { kind: 'dead' as const };
      const lastStep = row.mfa_last_step === null ? null : Number(row.mfa_last_step);
      const step = verifyTotp(this.secrets.open(row.mfa_secret), code, lastStep);
      if (step === undefined) return { kind: 'wrong' as const, key };
      await accounts.setMfaLastStep(m, claims.sub, claims.cid, step);
      const signedIn = await this.issue(m, { id: claims.sub, clinicId: claims.cid });
      await this.audit.record(m, {
        action: 'auth.login',
        clinicId: claims.cid,
        userId: claims.sub,
        entityType: 'user',
        entityId: claims.sub,
        detail: { step: 'totp' },
      });
      return { kind: 'ok' as const, signedIn, key };
    });

    if (result.kind === 'ok') {
      await this.throttle.clearAccount(result.key);
      return result.signedIn;
    }
    const refusal = {
      action: 'auth.login',
      clinicId: claims.cid,
      userId: claims.sub,
      entityType: 'user',
      entityId: claims.sub,
    };
    if (result.kind === 'throttled') {
      await this.audit.recordSeparately({
        ...refusal,
        outcome: 'denied',
        detail: { step: 'totp', reason: 'rate_limited' },
      });
      throw new RateLimitedError(result.wait, 'Too many failed sign-ins. Try again later.');
    }
    if (result.kind === 'wrong') {
      await this.throttle.recordFailure(result.key, ip);
      await this.throttle.recordFailure(tokenKey, ip);
    }
    await this.audit.recordSeparately({
      ...refusal,
      outcome: 'failure',
      detail: { step: 'totp', reason: result.kind === 'wrong' ? 'wrong_code' : 'token_dead' },
    });
    throw new UnauthenticatedError(result.kind === 'wrong' ? BAD_CODE : SIGN_IN_AGAIN);
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
      const user = { id: result.userId, clinicId: result.clinicId };
      return {
        accessToken: await this.accessToken(user, result.session.sessionId),
        user: toUserView(await accounts.withClinic(m, user.id, user.clinicId)),
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
