import {
  applyDecorators,
  type CanActivate,
  type ExecutionContext,
  Injectable,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Request } from 'express';
import { ForbiddenError, UnauthenticatedError } from '../common/problems.js';
import { requestContext, type Principal } from '../common/request-context.js';
import { TenantTransactionInterceptor } from '../database/tenant-transaction.js';
import type { Role } from '../users/roles.js';

/** passport-jwt through @nestjs/passport; every failure is the same 401 problem. */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') implements CanActivate {
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    await super.canActivate(context);
    const req = context.switchToHttp().getRequest<Request & { user?: Principal }>();
    const ctx = requestContext.current();
    if (!ctx || !req.user) throw new UnauthenticatedError();
    ctx.principal = req.user;
    return true;
  }

  override handleRequest<T>(err: unknown, user: T): T {
    if (err || !user) throw new UnauthenticatedError();
    return user;
  }
}

export function hasAnyRole(principal: Principal, roles: readonly Role[]): boolean {
  return roles.length === 0 || roles.some((r) => principal.roles.includes(r));
}

/** 403 unless the caller holds one of `roles`. */
export function assertRoles(roles: readonly Role[]): void {
  if (!hasAnyRole(requestContext.principal(), roles)) {
    throw new ForbiddenError(`This needs the ${roles.join(' or ')} role.`);
  }
}

export interface AuthenticatedOptions {
  /** The caller needs one of these roles (none: any signed-in user). */
  roles?: Role[];
}

/**
 * Wraps a handler so the role check runs after the validation pipes (SPEC: 400 comes before
 * 403), but before the handler does any work. Route metadata is carried over to the wrapper.
 */
function RolesAfterValidation(roles: readonly Role[]): MethodDecorator {
  return (_target, _key, descriptor: PropertyDescriptor) => {
    const original = descriptor.value as (...args: unknown[]) => unknown;
    const wrapped = function (this: unknown, ...args: unknown[]) {
      assertRoles(roles);
      return original.apply(this, args);
    };
    for (const key of Reflect.getMetadataKeys(original)) {
      Reflect.defineMetadata(key, Reflect.getMetadata(key, original), wrapped);
    }
    Object.defineProperty(wrapped, 'name', { value: original.name });
    descriptor.value = wrapped;
    return descriptor;
  };
}

/**
 * The one decorator every protected route carries: bearer authentication (401), the role
 * check (403) and the request's transaction bound to the caller's clinic.
 */
export function Authenticated(options: AuthenticatedOptions = {}): MethodDecorator {
  const roles = options.roles ?? [];
  return applyDecorators(
    RolesAfterValidation(roles),
    UseGuards(JwtAuthGuard),
    UseInterceptors(TenantTransactionInterceptor),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'No or invalid access token (problem+json).' }),
    ...(roles.length ? [ApiForbiddenResponse({ description: `Needs role: ${roles.join(' or ')}.` })] : []),
  );
}
