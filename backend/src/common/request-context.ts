import { AsyncLocalStorage } from 'node:async_hooks';
import type { EntityManager } from 'typeorm';
import type { Role } from './roles.js';
import { UnauthenticatedError } from './problems.js';

/** Who is calling: set once, after the access token and its session have been checked. */
export interface Principal {
  userId: string;
  clinicId: string;
  roles: Role[];
  sessionId: string;
}

export interface RequestContext {
  requestId: string;
  ip: string;
  userAgent: string | null;
  principal?: Principal;
  /** The request's transaction, when the route runs in one (see TenantTransactionInterceptor). */
  manager?: EntityManager;
  /**
   * The Content-Type of a body the API did not read because it is not JSON. A route that takes a
   * body answers 400 on it (from the validation pipe, so after authentication), instead of
   * running as if no field had been sent.
   */
  unreadBodyType?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export const requestContext = {
  run<T>(ctx: RequestContext, fn: () => T): T {
    return storage.run(ctx, fn);
  },

  current(): RequestContext | undefined {
    return storage.getStore();
  },

  /** The authenticated caller; throws when there is none, so no code runs tenant-blind. */
  principal(): Principal {
    const p = storage.getStore()?.principal;
    if (!p) throw new UnauthenticatedError();
    return p;
  },
};
