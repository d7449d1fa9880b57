import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { Clinic } from '../clinics/clinic.entity.js';
import { ConflictError, ValidationProblem } from '../common/problems.js';
import { requestContext } from '../common/request-context.js';
import { TenantDb } from '../database/tenant-transaction.js';
import type { UserView } from '../users/dto/user.dto.js';
import { User } from '../users/user.entity.js';
import { toUserView } from '../users/users.mapper.js';
import type { MfaSetupView } from './dto/auth.dto.js';
import { SecretBox, newTotpSecret, otpauthUrl, verifyTotp } from './totp.js';

interface MfaRow {
  email: string;
  roles: string[];
  mfa_enabled: boolean;
  mfa_pending_secret: string | null;
}

/** TOTP enrolment of the signed-in user: set up, confirm with a code, turn off. */
@Injectable()
export class MfaService {
  constructor(
    private readonly db: TenantDb,
    private readonly audit: AuditService,
    private readonly secrets: SecretBox,
  ) {}

  private async lockMe(): Promise<MfaRow> {
    const { userId } = requestContext.principal();
    const rows = (await this.db.manager.query(
      `SELECT email, roles, mfa_enabled, mfa_pending_secret FROM users WHERE id = $1 FOR UPDATE`,
      [userId],
    )) as MfaRow[];
    return rows[0];
  }

  private async record(action: string): Promise<void> {
    const { userId } = requestContext.principal();
    await this.audit.record(this.db.manager, { action, entityType: 'user', entityId: userId });
  }

  /** A new secret to confirm; replaces any earlier one not yet confirmed. */
  async setup(): Promise<MfaSetupView> {
    const me = await this.lockMe();
    if (me.mfa_enabled) throw new ConflictError('Two-step sign-in is already on. Turn it off first.');
    const secret = newTotpSecret();
    await this.db.manager.query(
      `UPDATE users SET mfa_pending_secret = $2, version = version + 1, updated_at = now() WHERE id = $1`,
      [requestContext.principal().userId, this.secrets.seal(secret)],
    );
    await this.record('user.mfa_setup');
    return { secret, otpauthUrl: otpauthUrl(secret, me.email) };
  }

  /** Turns two-step sign-in on once a code from the new secret proves the app has it. */
  async enable(code: string): Promise<UserView> {
    const me = await this.lockMe();
    if (me.mfa_enabled) throw new ConflictError('Two-step sign-in is already on.');
    if (!me.mfa_pending_secret) throw new ConflictError('Start the set-up first (POST /me/mfa/setup).');
    const secret = this.secrets.open(me.mfa_pending_secret);
    const step = verifyTotp(secret, code, null);
    if (step === undefined) {
      throw ValidationProblem.field(
        'code',
        'The code does not match. Check the time on the device and try again.',
      );
    }
    await this.db.manager.query(
      `UPDATE users SET mfa_enabled = true, mfa_secret = mfa_pending_secret, mfa_pending_secret = NULL,
              mfa_last_step = $2, version = version + 1, updated_at = now()
        WHERE id = $1`,
      [requestContext.principal().userId, step],
    );
    await this.record('user.mfa_enable');
    return this.view();
  }

  /** Turns it off — not for an admin of a clinic that requires it for admins. */
  async disable(): Promise<void> {
    const { clinicId, userId } = requestContext.principal();
    const me = await this.lockMe();
    const clinic = await this.db.manager.findOneByOrFail(Clinic, { id: clinicId });
    if (clinic.requireMfaForAdmins && me.roles.includes('admin')) {
      throw new ConflictError('Your clinic requires two-step sign-in for admins.');
    }
    if (!me.mfa_enabled && !me.mfa_pending_secret) return;
    await this.db.manager.query(
      `UPDATE users SET mfa_enabled = false, mfa_secret = NULL, mfa_pending_secret = NULL, mfa_last_step = NULL,
              version = version + 1, updated_at = now()
        WHERE id = $1`,
      [userId],
    );
    await this.record('user.mfa_disable');
  }

  private async view(): Promise<UserView> {
    const { clinicId, userId } = requestContext.principal();
    const user = await this.db.manager.findOneByOrFail(User, { id: userId, clinicId });
    const clinic = await this.db.manager.findOneByOrFail(Clinic, { id: clinicId });
    return toUserView(user, clinic);
  }
}
