import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { findClinic } from '../clinics/clinics.repository.js';
import { ConflictError, ValidationProblem } from '../common/problems.js';
import { requestContext } from '../common/request-context.js';
import { TenantDb } from '../database/tenant-transaction.js';
import type { UserView } from '../users/dto/user.dto.js';
import { toUserView, UsersRepository } from '../users/users.repository.js';
import type { MfaSetupView } from './dto/auth.dto.js';
import { SecretBox, newTotpSecret, otpauthUrl, verifyTotp } from './totp.js';

/** TOTP enrolment of the signed-in user: set up, confirm with a code, turn off. */
@Injectable()
export class MfaService {
  constructor(
    private readonly db: TenantDb,
    private readonly users: UsersRepository,
    private readonly audit: AuditService,
    private readonly secrets: SecretBox,
  ) {}

  private async record(action: string): Promise<void> {
    const { userId } = requestContext.principal();
    await this.audit.record(this.db.manager, { action, entityType: 'user', entityId: userId });
  }

  /** A new secret to confirm; replaces any earlier one not yet confirmed. */
  async setup(): Promise<MfaSetupView> {
    const me = await this.users.lockMyMfaState();
    if (me.mfa_enabled) throw new ConflictError('Two-step sign-in is already on. Turn it off first.');
    const secret = newTotpSecret();
    await this.users.updateMyMfa({ mfa_pending_secret: this.secrets.seal(secret) });
    await this.record('user.mfa_setup');
    return { secret, otpauthUrl: otpauthUrl(secret, me.email) };
  }

  /** Turns two-step sign-in on once a code from the new secret proves the app has it. */
  async enable(code: string): Promise<UserView> {
    const me = await this.users.lockMyMfaState();
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
    await this.users.updateMyMfa(
      { mfa_enabled: true, mfa_pending_secret: null, mfa_last_step: step },
      { mfa_secret: 'mfa_pending_secret' },
    );
    await this.record('user.mfa_enable');
    return toUserView(await this.users.me());
  }

  /** Turns it off — not for an admin of a clinic that requires it for admins. */
  async disable(): Promise<void> {
    const me = await this.users.lockMyMfaState();
    const clinic = await findClinic(this.db.manager, requestContext.principal().clinicId);
    if (clinic.require_mfa_for_admins && me.roles.includes('admin')) {
      throw new ConflictError('Your clinic requires two-step sign-in for admins.');
    }
    if (!me.mfa_enabled && !me.mfa_pending_secret) return;
    await this.users.updateMyMfa({
      mfa_enabled: false,
      mfa_secret: null,
      mfa_pending_secret: null,
      mfa_last_step: null,
    });
    await this.record('user.mfa_disable');
  }
}
