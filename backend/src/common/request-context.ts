import { AsyncLocalStorage } from 'node:async_hooks';
import type { EntityManager } from 'typeorm';
import type { Role } from '../users/roles.js';
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
