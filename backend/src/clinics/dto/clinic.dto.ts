import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsString, Length } from 'class-validator';
import { IsOptionalNonNull, IsTimeZone, Trimmed } from '../../common/validators.js';

export class ClinicView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ example: 'America/Denver' }) timezone!: string;
  @ApiProperty({ enum: ['km', 'mi'], description: 'Display only: the API always speaks km.' })
  distanceUnit!: 'km' | 'mi';
  @ApiProperty() requireMfaForAdmins!: boolean;
  @ApiProperty() version!: number;
}

export class UpdateClinicDto {
  @ApiPropertyOptional()
  @IsOptionalNonNull()
  @Trimmed()
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional()
  @IsOptionalNonNull()
  @IsTimeZone()
  timezone?: string;

  @ApiPropertyOptional({ enum: ['km', 'mi'] })
  @IsOptionalNonNull()
  @IsIn(['km', 'mi'])
  distanceUnit?: 'km' | 'mi';

  @ApiPropertyOptional()
  @IsOptionalNonNull()
  @IsBoolean()
  requireMfaForAdmins?: boolean;
}
