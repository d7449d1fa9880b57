import { ApiProperty } from '@nestjs/swagger';

export class LivenessView {
  @ApiProperty({ enum: ['ok'] }) status!: 'ok';
}

export class ReadinessView {
  @ApiProperty({ enum: ['ok'] }) status!: 'ok';
  @ApiProperty({ enum: ['up'] }) database!: 'up';
}
