import { Body, Controller, Get, Patch, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Authenticated } from '../access/authenticated.decorator.js';
import { readIfMatch, setEtag } from '../common/etag.js';
import { PageQuery } from '../common/pagination.js';
import { IdParam } from '../common/id-param.js';
import { ClinicUserPage, ClinicUserView, CreateUserDto, UpdateUserDto, UserView } from './dto/user.dto.js';
import { UsersService } from './users.service.js';

@ApiTags('users')
@Controller()
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get('me')
  @Authenticated()
  @ApiOkResponse({ type: UserView })
  me(): Promise<UserView> {
    return this.users.me();
  }

  @Get('users')
  @Authenticated({ roles: ['admin'] })
  @ApiOkResponse({ type: ClinicUserPage })
  list(@Query() q: PageQuery): Promise<ClinicUserPage> {
    return this.users.list(q);
  }

  @Get('users/:id')
  @Authenticated({ roles: ['admin'] })
  @ApiOkResponse({ type: ClinicUserView })
  @ApiNotFoundResponse({ description: 'No such user in your clinic.' })
  async get(@IdParam() id: string, @Res({ passthrough: true }) res: Response): Promise<ClinicUserView> {
    const user = await this.users.get(id);
    setEtag(res, user.version);
    return user;
  }

  @Post('users')
  @Authenticated({ roles: ['admin'] })
  @ApiCreatedResponse({ type: ClinicUserView })
  @ApiConflictResponse({ description: 'An account with this email exists.' })
  async create(
    @Body() dto: CreateUserDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ClinicUserView> {
    const user = await this.users.create(dto);
    setEtag(res, user.version);
    return user;
  }

  @Patch('users/:id')
  @Authenticated({ roles: ['admin'] })
  @ApiOkResponse({ type: ClinicUserView })
  @ApiConflictResponse({ description: 'The change would leave the clinic without an active admin.' })
  async update(
    @IdParam() id: string,
    @Body() dto: UpdateUserDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ClinicUserView> {
    const user = await this.users.update(id, dto, readIfMatch(req));
    setEtag(res, user.version);
    return user;
  }
}
