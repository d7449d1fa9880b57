import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { requestContext, type Principal } from '../common/request-context.js';
import type { Role } from '../common/roles.js';

/**
 * Sets the transaction-local settings that row-level security policies read. `true` as the
 * third argument of set_config makes them local to the transaction, so they never leak
 * through the pool to another request. Without a user, only the clinic is bound.
 */
export async function bindTenant(
  manager: EntityManager,
  principal: { clinicId: string; userId?: string },
): Promise<void> {
  if (principal.userId === undefined) {
    await manager.query(`SELECT set_config('app.clinic_id', $1, true)`, [principal.clinicId]);
    return;
  }
  await manager.query(`SELECT set_config('app.clinic_id', $1, true), set_config('app.user_id', $2, true)`, [
    principal.clinicId,
    principal.userId,
  ]);
}

/**
 * Starts an authenticated request's transaction: binds it to the token's clinic and checks the
 * session under row-level security (`app_begin_request`). Returns the user's current roles, or
 * null when the session is no longer live (idle, revoked, expired) or the user inactive.
 */
export async function beginTenantRequest(
  manager: EntityManager,
  principal: Pick<Principal, 'sessionId' | 'userId' | 'clinicId'>,
  sessionIdleMinutes: number,
): Promise<Role[] | null> {
  const [begun] = (await manager.query(`SELECT app_begin_request($1, $2, $3, $4) AS roles`, [
    principal.sessionId,
    principal.userId,
    principal.clinicId,
    sessionIdleMinutes,
  ])) as { roles: Role[] | null }[];
  return begun.roles;
}

/**
 * The data access of tenant code: the current request's transaction, already bound to the
 * caller's clinic. Code that finds no transaction throws instead of running tenant-blind.
 */
@Injectable()
export class TenantDb {
  get manager(): EntityManager {
    const m = requestContext.current()?.manager;
    if (!m) throw new Error('No tenant transaction: the route must use @Authenticated()');
    return m;
  }
}
