import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsString,
  Length,
  MaxLength,
} from 'class-validator';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../passwords.js';
import { IsOptionalNonNull, Trimmed } from '../../common/validators.js';
import { DISTANCE_UNITS, type DistanceUnit } from '../../clinics/dto/clinic.dto.js';
import { ROLES, type Role } from '../../common/roles.js';

export class ClinicSummary {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ maxLength: 200 }) name!: string;
  @ApiProperty({ example: 'UTC', description: 'IANA time zone' }) timezone!: string;
  @ApiProperty({ enum: DISTANCE_UNITS, enumName: 'DistanceUnit' }) distanceUnit!: DistanceUnit;
}

/** The signed-in user, as `/me` and the sign-in answers show it. */
export class UserView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'email' }) email!: string;
  @ApiProperty() fullName!: string;
  @ApiProperty({ enum: ROLES, enumName: 'Role', isArray: true }) roles!: Role[];
  @ApiProperty() mfaEnabled!: boolean;
  @ApiProperty({ type: ClinicSummary }) clinic!: ClinicSummary;
}

/** A user of the clinic, as `/users` shows it. */
export class ClinicUserView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'email' }) email!: string;
  @ApiProperty() fullName!: string;
  @ApiProperty({ enum: ROLES, enumName: 'Role', isArray: true }) roles!: Role[];
  @ApiProperty() active!: boolean;
  @ApiProperty() mfaEnabled!: boolean;
  @ApiProperty({ type: 'integer', minimum: 1 }) version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class ClinicUserPage {
  @ApiProperty({ type: ClinicUserView, isArray: true }) items!: ClinicUserView[];
  @ApiProperty({ type: 'integer', minimum: 0 }) total!: number;
  @ApiProperty({ type: 'integer', minimum: 1 }) page!: number;
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 100 }) pageSize!: number;
}

export class CreateUserDto {
  @ApiProperty({ format: 'email', maxLength: 254 })
  @Trimmed()
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ minLength: 1, maxLength: 200, description: 'Trimmed' })
  @Trimmed()
  @IsString()
  @Length(1, 200)
  fullName!: string;

  @ApiProperty({ enum: ROLES, enumName: 'Role', isArray: true, minItems: 1, maxItems: 2, uniqueItems: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(2)
  @ArrayUnique()
  @IsIn(ROLES, { each: true })
  roles!: Role[];

  @ApiProperty({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH })
  @IsString()
  @Length(PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH, {
    message: `password must be ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters long`,
  })
  password!: string;
}

export class UpdateUserDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 200, description: 'Trimmed' })
  @IsOptionalNonNull()
  @Trimmed()
  @IsString()
  @Length(1, 200)
  fullName?: string;

  @ApiPropertyOptional({
    enum: ROLES,
    enumName: 'Role',
    isArray: true,
    minItems: 1,
    maxItems: 2,
    uniqueItems: true,
    description: 'The last active admin cannot lose the admin role (409)',
  })
  @IsOptionalNonNull()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(2)
  @ArrayUnique()
  @IsIn(ROLES, { each: true })
  roles?: Role[];

  @ApiPropertyOptional({ description: 'false deactivates and ends the user’s sessions at once' })
  @IsOptionalNonNull()
  @IsBoolean()
  active?: boolean;
}
