import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsString, Length } from 'class-validator';
import { IsOptionalNonNull, IsTimeZone, Trimmed } from '../../common/validators.js';

export const DISTANCE_UNITS = ['km', 'mi'] as const;
export type DistanceUnit = (typeof DISTANCE_UNITS)[number];

export class ClinicView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ maxLength: 200 }) name!: string;
  @ApiProperty({ example: 'America/Denver', description: 'IANA time zone' }) timezone!: string;
  @ApiProperty({
    enum: DISTANCE_UNITS,
    enumName: 'DistanceUnit',
    description: 'Display only: the API always speaks km.',
  })
  distanceUnit!: DistanceUnit;
  @ApiProperty() requireMfaForAdmins!: boolean;
  @ApiProperty({ type: 'integer', minimum: 1 }) version!: number;
}

export class UpdateClinicDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 200, description: 'Trimmed' })
  @IsOptionalNonNull()
  @Trimmed()
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({ maxLength: 64, example: 'America/Denver', description: 'An IANA time zone' })
  @IsOptionalNonNull()
  @IsTimeZone()
  timezone?: string;

  @ApiPropertyOptional({ enum: DISTANCE_UNITS, enumName: 'DistanceUnit' })
  @IsOptionalNonNull()
  @IsIn(DISTANCE_UNITS)
  distanceUnit?: DistanceUnit;

  @ApiPropertyOptional()
  @IsOptionalNonNull()
  @IsBoolean()
  requireMfaForAdmins?: boolean;
}
