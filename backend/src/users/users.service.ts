import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { emailKey, isUniqueViolation } from '../auth/auth.service.js';
import { hashPassword } from '../auth/passwords.js';
import { SessionsService } from '../auth/sessions.service.js';
import { Clinic } from '../clinics/clinic.entity.js';
import { checkVersion } from '../common/etag.js';
import { type Page, type PageQuery, pageWindow } from '../common/pagination.js';
import { ConflictError, NotFoundError, PreconditionRequiredError } from '../common/problems.js';
import { requestContext } from '../common/request-context.js';
import { TenantDb } from '../database/tenant-transaction.js';
import type { ClinicUserView, CreateUserDto, UpdateUserDto, UserView } from './dto/user.dto.js';
import { User } from './user.entity.js';
import { toClinicUserView, toUserView } from './users.mapper.js';

@Injectable()
export class UsersService {
  constructor(
    private readonly db: TenantDb,
    private readonly audit: AuditService,
    private readonly sessions: SessionsService,
  ) {}

  async me(): Promise<UserView> {
    const { userId, clinicId } = requestContext.principal();
    const m = this.db.manager;
    const user = await m.findOneByOrFail(User, { id: userId, clinicId });
    const clinic = await m.findOneByOrFail(Clinic, { id: clinicId });
    return toUserView(user, clinic);
  }

  async list(q: PageQuery): Promise<Page<ClinicUserView>> {
    const { clinicId } = requestContext.principal();
    const { page, pageSize, offset } = pageWindow(q);
    const [users, total] = await this.db.manager.findAndCount(User, {
      where: { clinicId },
      order: { fullName: 'ASC', id: 'ASC' },
      skip: offset,
      take: pageSize,
    });
    return { items: users.map(toClinicUserView), total, page, pageSize };
  }

  /** The clinic's user with this id; another clinic's id is "not found", like a missing one. */
  async get(id: string): Promise<ClinicUserView> {
    return toClinicUserView(await this.find(id));
  }

  private async find(id: string, lock = false): Promise<User> {
    const { clinicId } = requestContext.principal();
    const user = await this.db.manager.findOne(User, {
      where: { id, clinicId },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!user) throw new NotFoundError('user');
    return user;
  }

  async create(dto: CreateUserDto): Promise<ClinicUserView> {
    const { clinicId } = requestContext.principal();
    const m = this.db.manager;
    const passwordHash = await hashPassword(dto.password);
    try {
      // A savepoint, so a duplicate email leaves the request's transaction usable.
      const user = await m.transaction((sp) =>
        sp.save(
          sp.create(User, {
            clinicId,
            email: emailKey(dto.email),
            fullName: dto.fullName,
            roles: dto.roles,
            passwordHash,
            active: true,
            mfaEnabled: false,
          }),
        ),
      );
      await this.audit.record(m, {
        action: 'user.create',
        entityType: 'user',
        entityId: user.id,
        changedFields: ['email', 'fullName', 'roles'],
      });
      return toClinicUserView(await this.find(user.id));
    } catch (err) {
      if (isUniqueViolation(err, 'users_email_key')) {
        throw new ConflictError('An account with this email already exists.');
      }
      throw err;
    }
  }

  async update(id: string, dto: UpdateUserDto, ifMatch: number | '*' | undefined): Promise<ClinicUserView> {
    const m = this.db.manager;
    const user = await this.find(id, true);

    const removesAdmin =
      user.active &&
      user.roles.includes('admin') &&
      (dto.active === false || (dto.roles !== undefined && !dto.roles.includes('admin')));
    if (removesAdmin) {
      // Locks the clinic's active admins so two concurrent demotions cannot both pass.
      const others = (await m.query(
        `SELECT id FROM users WHERE clinic_id = $1 AND active AND 'admin' = ANY(roles) AND id <> $2 FOR UPDATE`,
        [user.clinicId, user.id],
      )) as unknown[];
      if (others.length === 0) throw new ConflictError('The clinic must keep at least one active admin.');
    }
    if (ifMatch === undefined) throw new PreconditionRequiredError();
    checkVersion(ifMatch, user.version);

    const changed: string[] = [];
    if (dto.fullName !== undefined && dto.fullName !== user.fullName) changed.push('fullName');
    if (dto.roles !== undefined && [...dto.roles].sort().join() !== [...user.roles].sort().join()) {
      changed.push('roles');
    }
    if (dto.active !== undefined && dto.active !== user.active) changed.push('active');
    if (changed.length > 0) {
      await m.update(
        User,
        { id: user.id, clinicId: user.clinicId },
        {
          ...(dto.fullName !== undefined ? { fullName: dto.fullName } : {}),
          ...(dto.roles !== undefined ? { roles: dto.roles } : {}),
          ...(dto.active !== undefined ? { active: dto.active } : {}),
          version: user.version + 1,
        },
      );
      if (dto.active === false && user.active) {
        await this.sessions.revokeAllOfUser(m, user.id, 'user_deactivated');
      }
      await this.audit.record(m, {
        action: 'user.update',
        entityType: 'user',
        entityId: user.id,
        changedFields: changed,
      });
    }
    return toClinicUserView(await this.find(user.id));
  }
}
