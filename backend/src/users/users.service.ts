import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { checkVersion } from '../common/etag.js';
import { type Page, type PageQuery, pageWindow } from '../common/pagination.js';
import { ConflictError, NotFoundError, PreconditionRequiredError } from '../common/problems.js';
import { isUniqueViolation } from '../database/errors.js';
import { TenantDb } from '../database/tenant-transaction.js';
import type { IfMatch } from '../database/versioned-update.js';
import type { ClinicUserView, CreateUserDto, UpdateUserDto, UserView } from './dto/user.dto.js';
import { hashPassword } from './passwords.js';
import {
  emailKey,
  toClinicUserView,
  toUserView,
  UNIQUE_EMAIL,
  type UserRow,
  UsersRepository,
} from './users.repository.js';

@Injectable()
export class UsersService {
  constructor(
    private readonly db: TenantDb,
    private readonly users: UsersRepository,
    private readonly audit: AuditService,
  ) {}

  async me(): Promise<UserView> {
    return toUserView(await this.users.me());
  }

  async list(q: PageQuery): Promise<Page<ClinicUserView>> {
    const { page, pageSize, offset } = pageWindow(q);
    const { rows, total } = await this.users.page(pageSize, offset);
    return { items: rows.map(toClinicUserView), total, page, pageSize };
  }

  /** The clinic's user with this id; another clinic's id is "not found", like a missing one. */
  async get(id: string): Promise<ClinicUserView> {
    return toClinicUserView(await this.find(id));
  }

  private async find(id: string, lock = false): Promise<UserRow> {
    const user = await this.users.find(id, { lock });
    if (!user) throw new NotFoundError('user');
    return user;
  }

  async create(dto: CreateUserDto): Promise<ClinicUserView> {
    const passwordHash = await hashPassword(dto.password);
    try {
      const user = await this.users.insert({
        email: emailKey(dto.email),
        fullName: dto.fullName,
        roles: dto.roles,
        passwordHash,
      });
      await this.audit.record(this.db.manager, {
        action: 'user.create',
        entityType: 'user',
        entityId: user.id,
        changedFields: ['email', 'fullName', 'roles'],
      });
      return toClinicUserView(await this.find(user.id));
    } catch (err) {
      if (isUniqueViolation(err, UNIQUE_EMAIL)) {
        throw new ConflictError('An account with this email already exists.');
      }
      throw err;
    }
  }

  async update(id: string, dto: UpdateUserDto, ifMatch: IfMatch): Promise<ClinicUserView> {
    const user = await this.find(id, true);

    const removesAdmin =
      user.active &&
      user.roles.includes('admin') &&
      (dto.active === false || (dto.roles !== undefined && !dto.roles.includes('admin')));
    if (removesAdmin && (await this.users.lockOtherActiveAdmins(user.id)) === 0) {
      throw new ConflictError('The clinic must keep at least one active admin.');
    }
    if (ifMatch === undefined) throw new PreconditionRequiredError();
    checkVersion(ifMatch, user.version);

    const changed: string[] = [];
    if (dto.fullName !== undefined && dto.fullName !== user.full_name) changed.push('fullName');
    if (dto.roles !== undefined && [...dto.roles].sort().join() !== [...user.roles].sort().join()) {
      changed.push('roles');
    }
    if (dto.active !== undefined && dto.active !== user.active) changed.push('active');
    if (changed.length === 0) return toClinicUserView(user);

    const updated = await this.users.update(user.id, ifMatch, {
      full_name: dto.fullName,
      roles: dto.roles,
      active: dto.active,
    });
    if (dto.active === false && user.active) await this.users.endSessions(user.id, 'user_deactivated');
    await this.audit.record(this.db.manager, {
      action: 'user.update',
      entityType: 'user',
      entityId: user.id,
      changedFields: changed,
    });
    return toClinicUserView(updated);
  }
}
