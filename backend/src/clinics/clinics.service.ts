import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { checkVersion } from '../common/etag.js';
import { ConflictError, PreconditionRequiredError } from '../common/problems.js';
import { requestContext } from '../common/request-context.js';
import { TenantDb } from '../database/tenant-transaction.js';
import { rebuildEpisodeSummaries } from '../outcomes/episode-summaries.js';
import { User } from '../users/user.entity.js';
import { Clinic } from './clinic.entity.js';
import type { ClinicView, UpdateClinicDto } from './dto/clinic.dto.js';

function toView(c: Clinic): ClinicView {
  return {
    id: c.id,
    name: c.name,
    timezone: c.timezone,
    distanceUnit: c.distanceUnit,
    requireMfaForAdmins: c.requireMfaForAdmins,
    version: c.version,
  };
}

@Injectable()
export class ClinicsService {
  constructor(
    private readonly db: TenantDb,
    private readonly audit: AuditService,
  ) {}

  private async load(lock: boolean): Promise<Clinic> {
    const { clinicId } = requestContext.principal();
    return this.db.manager.findOneOrFail(Clinic, {
      where: { id: clinicId },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
  }

  async get(): Promise<ClinicView> {
    return toView(await this.load(false));
  }

  async update(dto: UpdateClinicDto, ifMatch: number | '*' | undefined): Promise<ClinicView> {
    const clinic = await this.load(true);
    if (dto.requireMfaForAdmins === true && !clinic.requireMfaForAdmins) {
      // An admin who turns the rule on must already meet it, or would lose admin at once.
      const { userId } = requestContext.principal();
      const me = await this.db.manager.findOneByOrFail(User, { id: userId });
      if (!me.mfaEnabled) {
        throw new ConflictError('Turn on two-step sign-in for yourself before requiring it for admins.');
      }
    }
    if (ifMatch === undefined) throw new PreconditionRequiredError();
    checkVersion(ifMatch, clinic.version);
    const changed = (Object.keys(dto) as (keyof UpdateClinicDto)[]).filter(
      (k) => dto[k] !== undefined && dto[k] !== clinic[k],
    );
    if (changed.length > 0) {
      await this.db.manager.update(
        Clinic,
        { id: clinic.id },
        { ...Object.fromEntries(changed.map((k) => [k, dto[k]])), version: clinic.version + 1 },
      );
      await this.audit.record(this.db.manager, {
        action: 'clinic.update',
        entityType: 'clinic',
        entityId: clinic.id,
        changedFields: changed,
      });
      // Visit days (and so weeks) are calendar dates in the clinic's time zone.
      if (changed.includes('timezone')) {
        await rebuildEpisodeSummaries(this.db.manager, { clinicId: clinic.id });
      }
    }
    return toView(await this.load(false));
  }
}
