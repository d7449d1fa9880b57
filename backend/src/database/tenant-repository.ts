import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { requestContext } from '../common/request-context.js';
import { TenantDb } from './tenant-transaction.js';

/**
 * What every domain repository starts from: the request's tenant transaction (`m`) and the
 * caller's clinic (`clinicId`, from the token only), which the repository adds to each of its
 * statements itself, so no caller can forget it. Outside an authenticated request both throw.
 */
@Injectable()
export abstract class TenantRepository {
  constructor(protected readonly db: TenantDb) {}

  protected get m(): EntityManager {
    return this.db.manager;
  }

  protected get clinicId(): string {
    return requestContext.principal().clinicId;
  }
}
