import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { checkVersion } from '../common/etag.js';
import { ConflictError, PreconditionRequiredError } from '../common/problems.js';
import { requestContext } from '../common/request-context.js';
import { TenantDb } from '../database/tenant-transaction.js';
import type { IfMatch } from '../database/versioned-update.js';
import { UsersRepository } from '../users/users.repository.js';
import { type ClinicSettings, ClinicsRepository, toClinicView } from './clinics.repository.js';
import type { ClinicView, UpdateClinicDto } from './dto/clinic.dto.js';
import { ClinicTimeZoneChange } from './time-zone-change.js';

/** Each setting of the API with its column. */
const COLUMNS: Record<keyof UpdateClinicDto, keyof ClinicSettings> = {
  name: 'name',
  timezone: 'timezone',
  distanceUnit: 'distance_unit',
  requireMfaForAdmins: 'require_mfa_for_admins',
};

@Injectable()
export class ClinicsService {
  constructor(
    private readonly db: TenantDb,
    private readonly clinics: ClinicsRepository,
    private readonly users: UsersRepository,
    private readonly audit: AuditService,
    private readonly timeZoneChange: ClinicTimeZoneChange,
  ) {}

  async get(): Promise<ClinicView> {
    return toClinicView(await this.clinics.mine());
  }

  async update(dto: UpdateClinicDto, ifMatch: IfMatch): Promise<ClinicView> {
    const clinic = await this.clinics.mine({ lock: true });
    const current = toClinicView(clinic);
    if (dto.requireMfaForAdmins === true && !clinic.require_mfa_for_admins) {
      // An admin who turns the rule on must already meet it, or would lose admin at once.
      const me = await this.users.find(requestContext.principal().userId);
      if (!me?.mfa_enabled) {
        throw new ConflictError('Turn on two-step sign-in for yourself before requiring it for admins.');
      }
    }
    if (ifMatch === undefined) throw new PreconditionRequiredError();
    checkVersion(ifMatch, clinic.version);
    const changed = (Object.keys(dto) as (keyof UpdateClinicDto)[]).filter(
      (k) => dto[k] !== undefined && dto[k] !== current[k],
    );
    if (changed.length === 0) return current;
    const updated = await this.clinics.update(
      Object.fromEntries(changed.map((k) => [COLUMNS[k], dto[k]])),
      ifMatch,
    );
    await this.audit.record(this.db.manager, {
      action: 'clinic.update',
      entityType: 'clinic',
      entityId: clinic.id,
      changedFields: changed,
    });
    if (changed.includes('timezone')) await this.timeZoneChange.changed(this.db.manager, clinic.id);
    return toClinicView(updated);
  }
}
