import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEmail, IsIn, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { PageQuery } from '../../common/pagination.js';
import { IsBirthDate, IsOptionalNonNull, Trimmed } from '../../common/validators.js';

export const SEXES = ['female', 'male', 'other', 'unknown'] as const;
export type Sex = (typeof SEXES)[number];

const PHONE = /^[+0-9][0-9 ()./-]{3,30}$/;

export class CreatePatientDto {
  @ApiProperty({ example: 'Jordan', minLength: 1, maxLength: 100, description: 'Trimmed' })
  @Trimmed()
  @IsString()
  @Length(1, 100)
  firstName!: string;

  @ApiProperty({ example: 'Alvarez', minLength: 1, maxLength: 100, description: 'Trimmed' })
  @Trimmed()
  @IsString()
  @Length(1, 100)
  lastName!: string;

  @ApiProperty({ example: '1991-04-17', format: 'date', description: 'From 1900-01-01, not in the future' })
  @IsBirthDate()
  dateOfBirth!: string;

  @ApiProperty({ enum: SEXES, enumName: 'Sex' })
  @IsIn(SEXES)
  sex!: Sex;

  @ApiPropertyOptional({ type: String, format: 'email', maxLength: 254, nullable: true })
  @IsOptional()
  @Trimmed()
  @IsEmail()
  @MaxLength(254)
  email?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '+1 303 555 0142', pattern: PHONE.source })
  @IsOptional()
  @Trimmed()
  @IsString()
  @Matches(PHONE, { message: 'phone must be a phone number (digits, spaces, + ( ) . / -)' })
  phone?: string | null;
}

export class UpdatePatientDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 100, description: 'Trimmed' })
  @IsOptionalNonNull()
  @Trimmed()
  @IsString()
  @Length(1, 100)
  firstName?: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: 100, description: 'Trimmed' })
  @IsOptionalNonNull()
  @Trimmed()
  @IsString()
  @Length(1, 100)
  lastName?: string;

  @ApiPropertyOptional({ format: 'date', description: 'From 1900-01-01, not in the future' })
  @IsOptionalNonNull()
  @IsBirthDate()
  dateOfBirth?: string;

  @ApiPropertyOptional({ enum: SEXES, enumName: 'Sex' })
  @IsOptionalNonNull()
  @IsIn(SEXES)
  sex?: Sex;

  @ApiPropertyOptional({
    type: String,
    format: 'email',
    maxLength: 254,
    nullable: true,
    description: 'null clears it',
  })
  @IsOptional()
  @Trimmed()
  @IsEmail()
  @MaxLength(254)
  email?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, pattern: PHONE.source, description: 'null clears it' })
  @IsOptional()
  @Trimmed()
  @IsString()
  @Matches(PHONE, { message: 'phone must be a phone number (digits, spaces, + ( ) . / -)' })
  phone?: string | null;
}

export class PatientQuery extends PageQuery {
  @ApiPropertyOptional({ maxLength: 100, description: 'Name or MRN, case- and accent-insensitive' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ type: Boolean, description: 'true includes archived patients' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  archived?: boolean;
}

export class PatientView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'P-000001', pattern: '^P-\\d{6,}$' }) mrn!: string;
  @ApiProperty({ maxLength: 100 }) firstName!: string;
  @ApiProperty({ maxLength: 100 }) lastName!: string;
  @ApiProperty({ format: 'date' }) dateOfBirth!: string;
  @ApiProperty({ enum: SEXES, enumName: 'Sex' }) sex!: Sex;
  @ApiProperty({ nullable: true, type: String, format: 'email' }) email!: string | null;
  @ApiProperty({ nullable: true, type: String }) phone!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) archivedAt!: string | null;
  @ApiProperty({ type: 'integer', minimum: 1 }) version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class PatientPage {
  @ApiProperty({ type: PatientView, isArray: true }) items!: PatientView[];
  @ApiProperty({ type: 'integer', minimum: 0 }) total!: number;
  @ApiProperty({ type: 'integer', minimum: 1 }) page!: number;
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 100 }) pageSize!: number;
}
