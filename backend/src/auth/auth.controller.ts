import { Body, Controller, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiExtraModels,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
  getSchemaPath,
  ApiOperation,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { REFRESH_COOKIE_PATH } from '../common/http.js';
import { ApiProblems, ApiRefreshCookie, REFRESH_COOKIE_HEADER } from '../common/openapi.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { AuthService, type SignedIn } from './auth.service.js';
import { LoginDto, MfaChallengeView, MfaVerifyDto, SessionView, SignupDto } from './dto/auth.dto.js';

export const REFRESH_COOKIE = 'stride_refresh';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private answer(res: Response, signedIn: SignedIn): SessionView {
    res.cookie(REFRESH_COOKIE, signedIn.session.refreshToken, {
      httpOnly: true,
      sameSite: 'strict',
      // `auto`: Secure when this request came over HTTPS (X-Forwarded-Proto via the trusted hop).
      secure: this.config.cookieSecure === 'auto' ? res.req.secure : this.config.cookieSecure,
      path: REFRESH_COOKIE_PATH,
      expires: signedIn.session.expiresAt,
    });
    res.setHeader('Cache-Control', 'no-store');
    return { accessToken: signedIn.accessToken, user: signedIn.user };
  }

  private refreshCookie(req: Request): string | undefined {
    const value = (req.cookies as Record<string, unknown> | undefined)?.[REFRESH_COOKIE];
    return typeof value === 'string' && value.length > 0 && value.length < 200 ? value : undefined;
  }

  @Post('signup')
  @ApiCreatedResponse({
    type: SessionView,
    description: 'The clinic and its first user (admin and therapist); sets the refresh cookie.',
    headers: REFRESH_COOKIE_HEADER,
  })
  @ApiProblems([409, 'An account with this email exists.'])
  @ApiOperation({ summary: 'Sign up a clinic and its first user' })
  async signup(@Body() dto: SignupDto, @Res({ passthrough: true }) res: Response): Promise<SessionView> {
    return this.answer(res, await this.auth.signup(dto));
  }

  @Post('login')
  @HttpCode(200)
  @ApiExtraModels(SessionView, MfaChallengeView)
  @ApiOkResponse({
    description:
      'Signed in, or — for an account with two-step sign-in — a challenge for POST /auth/mfa/verify.',
    schema: { oneOf: [{ $ref: getSchemaPath(SessionView) }, { $ref: getSchemaPath(MfaChallengeView) }] },
    headers: { 'Set-Cookie': { ...REFRESH_COOKIE_HEADER['Set-Cookie'], required: false } },
  })
  @ApiProblems(
    [401, 'The same answer for an unknown email, a wrong password or a deactivated account.'],
    [429, 'Too many failed sign-ins; retry after Retry-After seconds.'],
  )
  @ApiOperation({ summary: 'Sign in' })
  async login(
    @Body() dto: LoginDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SessionView | MfaChallengeView> {
    const result = await this.auth.login(dto);
    if ('mfaRequired' in result) {
      res.setHeader('Cache-Control', 'no-store');
      return result;
    }
    return this.answer(res, result);
  }

  @Post('mfa/verify')
  @HttpCode(200)
  @ApiOkResponse({
    type: SessionView,
    description: 'Signed in; sets the refresh cookie.',
    headers: REFRESH_COOKIE_HEADER,
  })
  @ApiProblems(
    [401, 'Wrong or reused code, or an expired or used-up challenge.'],
    [429, 'Too many failed sign-ins; retry after Retry-After seconds.'],
  )
  @ApiOperation({ summary: 'Complete a two-step sign-in' })
  async verifyMfa(
    @Body() dto: MfaVerifyDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SessionView> {
    return this.answer(res, await this.auth.verifyMfa(dto.mfaToken, dto.code));
  }

  @Post('refresh')
  @HttpCode(200)
  @ApiRefreshCookie()
  @ApiOkResponse({
    type: SessionView,
    description: 'A new access token; the refresh cookie is rotated.',
    headers: REFRESH_COOKIE_HEADER,
  })
  @ApiProblems([401, 'No live session; a reused refresh token also revokes its family.'])
  @ApiOperation({ summary: 'Refresh the access token' })
  async refresh(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<SessionView> {
    try {
      return this.answer(res, await this.auth.refresh(this.refreshCookie(req)));
    } catch (err) {
      res.clearCookie(REFRESH_COOKIE, { path: REFRESH_COOKIE_PATH });
      throw err;
    }
  }

  @Post('logout')
  @HttpCode(204)
  @ApiRefreshCookie()
  @ApiNoContentResponse({
    description: 'The session (refresh-token family) is revoked; the cookie is cleared.',
  })
  @ApiProblems([400, 'A body, when one is sent, is not valid JSON.'])
  @ApiOperation({ summary: 'Sign out' })
  async logout(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.auth.logout(this.refreshCookie(req));
    res.clearCookie(REFRESH_COOKIE, { path: REFRESH_COOKIE_PATH });
  }
}
