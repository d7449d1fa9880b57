import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags, ApiOperation } from '@nestjs/swagger';
import { Authenticated } from '../access/authenticated.decorator.js';
import { INSTRUMENTS, type Instrument } from '@stride/clinical';

export class InstrumentView {
  @ApiProperty({ enum: INSTRUMENTS.map((i) => i.code), enumName: 'InstrumentCode' }) code: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: 'number' }) min: number;
  @ApiProperty({ type: 'number' }) max: number;
  @ApiProperty({ type: 'number', exclusiveMinimum: true, minimum: 0 }) step: number;
  @ApiProperty({ enum: ['lower', 'higher'], enumName: 'BetterDirection' }) betterDirection:
    'lower' | 'higher';
  @ApiProperty({ type: 'number', description: 'Minimal clinically important difference' }) mcid: number;
}

@ApiTags('instruments')
@Controller('instruments')
export class InstrumentsController {
  @Get()
  @Authenticated()
  @ApiOkResponse({ type: [InstrumentView], description: 'The outcome instruments, in registry order.' })
  @ApiOperation({ summary: 'List the outcome instruments' })
  list(): readonly Instrument[] {
    return INSTRUMENTS;
  }
}
