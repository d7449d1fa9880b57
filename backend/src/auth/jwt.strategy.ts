import { createSecretKey } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import type { Principal } from '../common/request-context.js';

export const JWT_ISSUER = 'stride';
export const JWT_AUDIENCE = 'stride-api';

export interface AccessClaims {
  sub: string;
  cid: string;
  sid: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Verifies the bearer access token: signature, issuer, audience, expiry and claims. That its
 * session is still live and its user active is checked by the first statement of the
 * request's transaction (`app_begin_request`, see TenantTransactionInterceptor), which also
 * reads the user's current roles.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // A KeyObject, not the string: jsonwebtoken otherwise tries (and fails) to parse the
      // string as a public key on every request, 0.4–0.6 ms of CPU each (throughput.bench.ts).
      // passport-jwt hands it to jsonwebtoken unchanged; its types only know string | Buffer.
      secretOrKey: createSecretKey(Buffer.from(config.jwtSecret, 'utf8')) as unknown as Buffer,
      algorithms: ['HS256'],
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
      ignoreExpiration: false,
    });
  }

  validate(payload: Partial<AccessClaims> & { purpose?: unknown }): Principal | false {
    const { sub, cid, sid } = payload;
    if (payload.purpose !== undefined) return false; // e.g. a two-step sign-in token
    if (typeof sub !== 'string' || typeof cid !== 'string' || typeof sid !== 'string') return false;
    if (!UUID.test(sub) || !UUID.test(cid) || !UUID.test(sid)) return false;
    return { userId: sub, clinicId: cid, sessionId: sid, roles: [] };
  }
}
