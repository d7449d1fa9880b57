import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../auth/authenticated.decorator.js';
import { INSTRUMENTS, type Instrument } from '@stride/clinical';

export class InstrumentView {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty() min: number;
  @ApiProperty() max: number;
  @ApiProperty() step: number;
  @ApiProperty({ enum: ['lower', 'higher'] }) betterDirection: 'lower' | 'higher';
  @ApiProperty({ description: 'Minimal clinically important difference' }) mcid: number;
}

@ApiTags('instruments')
@Controller('instruments')
export class InstrumentsController {
  @Get()
  @Authenticated()
  @ApiOkResponse({ type: [InstrumentView] })
  list(): readonly Instrument[] {
    return INSTRUMENTS;
  }
}
