import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEmail, IsIn, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { PageQuery } from '../../common/pagination.js';
import { IsBirthDate, IsOptionalNonNull, Trimmed } from '../../common/validators.js';

export const SEXES = ['female', 'male', 'other', 'unknown'] as const;
export type Sex = (typeof SEXES)[number];

const PHONE = /^[+0-9][0-9 ()./-]{3,30}$/;

export class CreatePatientDto {
  @ApiProperty({ example: 'Jordan' })
  @Trimmed()
  @IsString()
  @Length(1, 100)
  firstName!: string;

  @ApiProperty({ example: 'Alvarez' })
  @Trimmed()
  @IsString()
  @Length(1, 100)
  lastName!: string;

  @ApiProperty({ example: '1991-04-17', format: 'date' })
  @IsBirthDate()
  dateOfBirth!: string;

  @ApiProperty({ enum: SEXES })
  @IsIn(SEXES)
  sex!: Sex;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @Trimmed()
  @IsEmail()
  @MaxLength(254)
  email?: string | null;

  @ApiPropertyOptional({ nullable: true, example: '+1 303 555 0142' })
  @IsOptional()
  @Trimmed()
  @IsString()
  @Matches(PHONE, { message: 'phone must be a phone number (digits, spaces, + ( ) . / -)' })
  phone?: string | null;
}

export class UpdatePatientDto {
  @ApiPropertyOptional()
  @IsOptionalNonNull()
  @Trimmed()
  @IsString()
  @Length(1, 100)
  firstName?: string;

  @ApiPropertyOptional()
  @IsOptionalNonNull()
  @Trimmed()
  @IsString()
  @Length(1, 100)
  lastName?: string;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptionalNonNull()
  @IsBirthDate()
  dateOfBirth?: string;

  @ApiPropertyOptional({ enum: SEXES })
  @IsOptionalNonNull()
  @IsIn(SEXES)
  sex?: Sex;

  @ApiPropertyOptional({ nullable: true, description: 'null clears it' })
  @IsOptional()
  @Trimmed()
  @IsEmail()
  @MaxLength(254)
  email?: string | null;

  @ApiPropertyOptional({ nullable: true, description: 'null clears it' })
  @IsOptional()
  @Trimmed()
  @IsString()
  @Matches(PHONE, { message: 'phone must be a phone number (digits, spaces, + ( ) . / -)' })
  phone?: string | null;
}

export class PatientQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Name or MRN, case- and accent-insensitive' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ description: 'true includes archived patients' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  archived?: boolean;
}

export class PatientView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'P-000001' }) mrn!: string;
  @ApiProperty() firstName!: string;
  @ApiProperty() lastName!: string;
  @ApiProperty({ format: 'date' }) dateOfBirth!: string;
  @ApiProperty({ enum: SEXES }) sex!: Sex;
  @ApiProperty({ nullable: true, type: String }) email!: string | null;
  @ApiProperty({ nullable: true, type: String }) phone!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) archivedAt!: string | null;
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class PatientPage {
  @ApiProperty({ type: PatientView, isArray: true }) items!: PatientView[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}
