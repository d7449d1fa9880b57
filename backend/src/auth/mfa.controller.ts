import { Body, Controller, Delete, HttpCode, Post } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import { ApiProblems } from '../common/openapi.js';
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
  @ApiProblems([409, 'Two-step sign-in is already on.'])
  @ApiOperation({ summary: 'Start two-step sign-in set-up' })
  setup(): Promise<MfaSetupView> {
    return this.mfa.setup();
  }

  @Post('enable')
  @HttpCode(200)
  @Authenticated()
  @ApiOkResponse({ type: UserView, description: 'Two-step sign-in is on.' })
  @ApiProblems([409, 'Already on, or no set-up started.'])
  @ApiOperation({ summary: 'Turn two-step sign-in on' })
  enable(@Body() dto: MfaCodeDto): Promise<UserView> {
    return this.mfa.enable(dto.code);
  }

  @Delete()
  @HttpCode(204)
  @Authenticated()
  @ApiNoContentResponse({ description: 'Two-step sign-in is off.' })
  @ApiProblems([409, 'The clinic requires it for admins.'])
  @ApiOperation({ summary: 'Turn two-step sign-in off' })
  disable(): Promise<void> {
    return this.mfa.disable();
  }
}
