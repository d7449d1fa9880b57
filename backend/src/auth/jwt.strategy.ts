import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import type { Principal } from '../common/request-context.js';
import { SessionsService } from './sessions.service.js';

export const JWT_ISSUER = 'stride';
export const JWT_AUDIENCE = 'stride-api';

export interface AccessClaims {
  sub: string;
  cid: string;
  sid: string;
}

/** Verifies the bearer access token, then that its session is live and its user active. */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly sessions: SessionsService,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: config.jwtSecret,
      algorithms: ['HS256'],
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
      ignoreExpiration: false,
    });
  }

  async validate(payload: Partial<AccessClaims>): Promise<Principal | false> {
    if (
      typeof payload.sub !== 'string' ||
      typeof payload.cid !== 'string' ||
      typeof payload.sid !== 'string'
    ) {
      return false;
    }
    return (await this.sessions.principalFor(payload as AccessClaims)) ?? false;
  }
}
