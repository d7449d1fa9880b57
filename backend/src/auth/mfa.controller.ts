import { Body, Controller, Delete, HttpCode, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { UserView } from '../users/dto/user.dto.js';
import { Authenticated } from '../access/authenticated.decorator.js';
import { MfaCodeDto, MfaSetupView } from './dto/auth.dto.js';
import { MfaService } from './mfa.service.js';

@ApiTags('auth')
@Controller('me/mfa')
export class MfaController {
  constructor(private readonly mfa: MfaService) {}

  @Post('setup')
  @HttpCode(200)
  @Authenticated()
  @ApiOkResponse({
    type: MfaSetupView,
    description: 'A new TOTP secret, to confirm with POST /me/mfa/enable.',
  })
  @ApiConflictResponse({ description: 'Two-step sign-in is already on.' })
  setup(): Promise<MfaSetupView> {
    return this.mfa.setup();
  }

  @Post('enable')
  @HttpCode(200)
  @Authenticated()
  @ApiOkResponse({ type: UserView })
  @ApiConflictResponse({ description: 'Already on, or no set-up started.' })
  enable(@Body() dto: MfaCodeDto): Promise<UserView> {
    return this.mfa.enable(dto.code);
  }

  @Delete()
  @HttpCode(204)
  @Authenticated()
  @ApiNoContentResponse({ description: 'Two-step sign-in is off.' })
  @ApiConflictResponse({ description: 'The clinic requires it for admins.' })
  disable(): Promise<void> {
    return this.mfa.disable();
  }
}
