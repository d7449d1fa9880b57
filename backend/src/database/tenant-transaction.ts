import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { DataSource, type EntityManager } from 'typeorm';
import { requestContext, type Principal } from '../common/request-context.js';

/**
 * Sets the transaction-local settings that row-level security policies read. `true` as the
 * third argument of set_config makes them local to the transaction, so they never leak
 * through the pool to another request.
 */
export async function bindTenant(manager: EntityManager, principal: Pick<Principal, 'clinicId' | 'userId'>) {
  await manager.query(`SELECT set_config('app.clinic_id', $1, true), set_config('app.user_id', $2, true)`, [
    principal.clinicId,
    principal.userId,
  ]);
}

/**
 * The data access of tenant code: the current request's transaction, already bound to the
 * caller's clinic. Code that finds no transaction throws instead of running tenant-blind.
 */
@Injectable()
export class TenantDb {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  get manager(): EntityManager {
    const m = requestContext.current()?.manager;
    if (!m) throw new Error('No tenant transaction: the route must use @Authenticated()');
    return m;
  }

  /**
   * A transaction of its own for the caller's clinic, committed whatever happens to the
   * request's transaction (used to record refused or failed attempts).
   */
  async separately<T>(
    principal: Pick<Principal, 'clinicId' | 'userId'>,
    work: (m: EntityManager) => Promise<T>,
  ) {
    return this.dataSource.transaction(async (m) => {
      await bindTenant(m, principal);
      return work(m);
    });
  }
}

/**
 * Runs the route handler, its pipes and everything it writes in one transaction bound to the
 * authenticated clinic. A thrown error rolls the whole request back.
 */
@Injectable()
export class TenantTransactionInterceptor implements NestInterceptor {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const ctx = requestContext.current();
    const principal = requestContext.principal();
    return from(
      this.dataSource.transaction(async (manager) => {
        await bindTenant(manager, principal);
        const inner = { ...ctx!, principal, manager };
        // next.handle() binds the handler to the async context it is called in.
        return requestContext.run(inner, () => lastValueFrom(next.handle(), { defaultValue: undefined }));
      }),
    );
  }
}
