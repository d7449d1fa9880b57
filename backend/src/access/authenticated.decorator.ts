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
import { ExtractJwt } from 'passport-jwt';
import { ForbiddenError, UnauthenticatedError } from '../common/problems.js';
import { requestContext, type Principal } from '../common/request-context.js';
import { TenantTransactionInterceptor } from './tenant-request.interceptor.js';
import type { Role } from '../common/roles.js';

type Claims = Omit<Principal, 'roles'>;

/**
 * Access tokens passport-jwt has verified, remembered until they expire, so that the signature
 * and claims of a token are checked once rather than on each of its requests (the check cost 6%
 * of a list read's CPU: throughput.bench.ts). Only a token that passed is remembered, under its
 * whole text; a remembered token past its `exp` is checked by passport-jwt again (and refused).
 * Whether its session is still live is not remembered: app_begin_request checks that in the
 * database on every request. At most `max` tokens; the oldest goes first.
 */
export class VerifiedTokens {
  private readonly byToken = new Map<string, { claims: Claims; exp: number }>();

  constructor(private readonly max = 10_000) {}

  /** The caller of a remembered, unexpired token: a fresh Principal, with its roles still to read. */
  get(token: string, nowMs = Date.now()): Principal | undefined {
    const known = this.byToken.get(token);
    if (!known) return undefined;
    // As jsonwebtoken decides: expired once the clock's second reaches exp.
    if (Math.floor(nowMs / 1000) >= known.exp) {
      this.byToken.delete(token);
      return undefined;
    }
    return { ...known.claims, roles: [] };
  }

  remember(token: string, principal: Principal): void {
    let exp: unknown;
    try {
      exp = (
        JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: unknown }
      ).exp;
    } catch {
      return;
    }
    if (typeof exp !== 'number') return;
    if (this.byToken.size >= this.max) this.byToken.delete(this.byToken.keys().next().value!);
    const { userId, clinicId, sessionId } = principal;
    this.byToken.set(token, { claims: { userId, clinicId, sessionId }, exp });
  }

  get size(): number {
    return this.byToken.size;
  }
}

const bearerToken = ExtractJwt.fromAuthHeaderAsBearerToken();

/** passport-jwt through @nestjs/passport; every failure is the same 401 problem. */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') implements CanActivate {
  readonly verified = new VerifiedTokens();

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request & { user?: Principal }>();
    // The same extraction passport-jwt makes, so a remembered token is only ever one it would read.
    const token = bearerToken(req);
    const known = token ? this.verified.get(token) : undefined;
    if (known) {
      req.user = known;
    } else {
      await super.canActivate(context);
      if (token && req.user) this.verified.remember(token, req.user);
    }
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
 * Wraps a handler so the role check runs after the validation pipes (a 400 comes before
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
