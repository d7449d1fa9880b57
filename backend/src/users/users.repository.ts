import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { requestContext } from '../common/request-context.js';
import type { Role } from '../common/roles.js';
import { TenantRepository } from '../database/tenant-repository.js';
import { type IfMatch, versionedUpdate } from '../database/versioned-update.js';
import type { ClinicUserView, UserView } from './dto/user.dto.js';

/** Emails are one account per address, whatever the case or surrounding spaces. */
export function emailKey(email: string): string {
  return email.trim().toLowerCase();
}

/** The constraint a second account with the same email breaks. */
export const UNIQUE_EMAIL = 'users_email_key';

/** A `users` row, without its secrets (password hash, TOTP secrets). */
export interface UserRow {
  id: string;
  clinic_id: string;
  email: string;
  full_name: string;
  roles: Role[];
  active: boolean;
  mfa_enabled: boolean;
  version: number;
  created_at: Date;
}

/** A user with their clinic's summary, as sign-in and `/me` answer it. */
export interface UserWithClinicRow extends UserRow {
  clinic_name: string;
  clinic_timezone: string;
  clinic_distance_unit: 'km' | 'mi';
}

const USER_COLUMNS =
  'u.id, u.clinic_id, u.email, u.full_name, u.roles, u.active, u.mfa_enabled, u.version, u.created_at';
const WITH_CLINIC = `${USER_COLUMNS}, c.name AS clinic_name, c.timezone AS clinic_timezone,
  c.distance_unit AS clinic_distance_unit`;

export function toUserView(r: UserWithClinicRow): UserView {
  return {
    id: r.id,
    email: r.email,
    fullName: r.full_name,
    roles: r.roles,
    mfaEnabled: r.mfa_enabled,
    clinic: {
      id: r.clinic_id,
      name: r.clinic_name,
      timezone: r.clinic_timezone,
      distanceUnit: r.clinic_distance_unit,
    },
  };
}

export function toClinicUserView(r: UserRow): ClinicUserView {
  return {
    id: r.id,
    email: r.email,
    fullName: r.full_name,
    roles: r.roles,
    active: r.active,
    mfaEnabled: r.mfa_enabled,
    version: r.version,
    createdAt: r.created_at.toISOString(),
  };
}

export interface NewUser {
  clinicId: string;
  email: string;
  fullName: string;
  roles: Role[];
  passwordHash: string;
}

/** The two-step sign-in state of an account, read under a row lock. */
export interface MfaStateRow {
  email: string;
  roles: Role[];
  active: boolean;
  mfa_enabled: boolean;
  mfa_secret: string | null;
  mfa_pending_secret: string | null;
  mfa_last_step: string | null;
}

/**
 * Accounts, in a transaction the caller has bound to the account's clinic (sign-in and sign-up
 * run before there is a request transaction; `UsersRepository` is the request's view).
 */
export const accounts = {
  /** A new active account without two-step sign-in. */
  async insert(m: EntityManager, u: NewUser): Promise<UserRow> {
    const rows = (await m.query(
      `INSERT INTO users AS u (clinic_id, email, full_name, roles, password_hash, active, mfa_enabled)
       VALUES ($1, $2, $3, $4, $5, true, false)
       RETURNING ${USER_COLUMNS}`,
      [u.clinicId, u.email, u.fullName, u.roles, u.passwordHash],
    )) as UserRow[];
    return rows[0];
  },

  /** Which account (and so which clinic) an email belongs to, before the clinic is known. */
  async findByEmail(
    m: EntityManager,
    key: string,
  ): Promise<{ userId: string; clinicId: string } | undefined> {
    const [account] = (await m.query(`SELECT user_id, clinic_id FROM auth_find_account($1)`, [key])) as {
      user_id: string;
      clinic_id: string;
    }[];
    return account ? { userId: account.user_id, clinicId: account.clinic_id } : undefined;
  },

  /** The account with its password hash, to check a password. */
  async withPassword(
    m: EntityManager,
    id: string,
    clinicId: string,
  ): Promise<(UserRow & { password_hash: string }) | undefined> {
    const rows = (await m.query(
      `SELECT ${USER_COLUMNS}, u.password_hash FROM users u WHERE u.id = $1 AND u.clinic_id = $2`,
      [id, clinicId],
    )) as (UserRow & { password_hash: string })[];
    return rows[0];
  },

  async withClinic(m: EntityManager, id: string, clinicId: string): Promise<UserWithClinicRow> {
    const rows = (await m.query(
      `SELECT ${WITH_CLINIC} FROM users u JOIN clinics c ON c.id = u.clinic_id
        WHERE u.id = $1 AND u.clinic_id = $2`,
      [id, clinicId],
    )) as UserWithClinicRow[];
    if (!rows[0]) throw new Error(`account ${id} not found`);
    return rows[0];
  },

  async lockMfaState(m: EntityManager, id: string, clinicId: string): Promise<MfaStateRow | undefined> {
    const rows = (await m.query(
      `SELECT email, roles, active, mfa_enabled, mfa_secret, mfa_pending_secret, mfa_last_step
         FROM users WHERE id = $1 AND clinic_id = $2 FOR UPDATE`,
      [id, clinicId],
    )) as MfaStateRow[];
    return rows[0];
  },

  /** The TOTP time step last accepted, so a code cannot be used twice. */
  async setMfaLastStep(m: EntityManager, id: string, clinicId: string, step: number): Promise<void> {
    await m.query(`UPDATE users SET mfa_last_step = $3 WHERE id = $1 AND clinic_id = $2`, [
      id,
      clinicId,
      step,
    ]);
  },
};

/** The users of the caller's clinic, in the request's transaction. */
@Injectable()
export class UsersRepository extends TenantRepository {
  /** Ordered by name, with the total. */
  async page(limit: number, offset: number): Promise<{ rows: UserRow[]; total: number }> {
    const m = this.db.manager;
    const rows = (await m.query(
      `SELECT ${USER_COLUMNS} FROM users u WHERE u.clinic_id = $1 ORDER BY u.full_name, u.id LIMIT $2 OFFSET $3`,
      [this.clinicId, limit, offset],
    )) as UserRow[];
    const [{ n }] = (await m.query(`SELECT count(*)::int AS n FROM users WHERE clinic_id = $1`, [
      this.clinicId,
    ])) as { n: number }[];
    return { rows, total: n };
  }

  async find(id: string, opts: { lock?: boolean } = {}): Promise<UserRow | undefined> {
    const rows = (await this.db.manager.query(
      `SELECT ${USER_COLUMNS} FROM users u WHERE u.id = $1 AND u.clinic_id = $2${opts.lock ? ' FOR UPDATE' : ''}`,
      [id, this.clinicId],
    )) as UserRow[];
    return rows[0];
  }

  /** The caller, with the clinic summary. */
  async me(): Promise<UserWithClinicRow> {
    return accounts.withClinic(this.db.manager, requestContext.principal().userId, this.clinicId);
  }

  /** A new account of the clinic, in a savepoint so a duplicate email leaves the request usable. */
  async insert(u: Omit<NewUser, 'clinicId'>): Promise<UserRow> {
    return this.db.manager.transaction((sp) => accounts.insert(sp, { ...u, clinicId: this.clinicId }));
  }

  /** Locks the clinic's other active admins, so two concurrent demotions cannot both pass. */
  async lockOtherActiveAdmins(id: string): Promise<number> {
    const rows = (await this.db.manager.query(
      `SELECT id FROM users WHERE clinic_id = $1 AND active AND 'admin' = ANY(roles) AND id <> $2 FOR UPDATE`,
      [this.clinicId, id],
    )) as unknown[];
    return rows.length;
  }

  async update(
    id: string,
    ifMatch: IfMatch,
    values: { full_name?: string; roles?: Role[]; active?: boolean },
  ): Promise<UserRow> {
    return versionedUpdate<UserRow>(
      this.db.manager,
      { table: 'users u', id, clinicId: this.clinicId, ifMatch, values, returning: USER_COLUMNS },
      async () => {
        const current = await this.find(id);
        if (!current) throw new Error(`user ${id} vanished`);
        return current;
      },
    );
  }

  /** A deactivated account's sessions end at once. */
  async endSessions(userId: string, reason: string): Promise<void> {
    await this.db.manager.query(
      `UPDATE auth_sessions SET revoked_at = now(), revoked_reason = $3
        WHERE user_id = $1 AND clinic_id = $2 AND revoked_at IS NULL`,
      [userId, this.clinicId, reason],
    );
  }

  // Two-step sign-in of the caller (auth/mfa.service.ts holds its rules).

  async lockMyMfaState(): Promise<MfaStateRow> {
    const row = await accounts.lockMfaState(
      this.db.manager,
      requestContext.principal().userId,
      this.clinicId,
    );
    if (!row) throw new Error('the signed-in user vanished');
    return row;
  }

  /** Writes the caller's two-step sign-in columns (sealed secrets), bumping the version. */
  async updateMyMfa(
    values: {
      mfa_enabled?: boolean;
      mfa_secret?: string | null;
      mfa_pending_secret?: string | null;
      mfa_last_step?: number | null;
    },
    expressions?: Record<string, string>,
  ): Promise<void> {
    const id = requestContext.principal().userId;
    await versionedUpdate<UserRow>(
      this.db.manager,
      {
        table: 'users u',
        id,
        clinicId: this.clinicId,
        ifMatch: undefined,
        values,
        expressions,
        returning: 'u.id',
      },
      // The row is locked (lockMyMfaState) and no version is asked for: the write cannot miss.
      () => Promise.reject(new Error('the signed-in user vanished')),
    );
  }
}
