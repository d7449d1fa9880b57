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
import { ROLES, type Role } from '../roles.js';

export class ClinicSummary {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ example: 'UTC' }) timezone!: string;
  @ApiProperty({ enum: ['km', 'mi'] }) distanceUnit!: 'km' | 'mi';
}

/** The signed-in user, as `/me` and the sign-in answers show it. */
export class UserView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() fullName!: string;
  @ApiProperty({ enum: ROLES, isArray: true }) roles!: Role[];
  @ApiProperty() mfaEnabled!: boolean;
  @ApiProperty({ type: ClinicSummary }) clinic!: ClinicSummary;
}

/** A user of the clinic, as `/users` shows it. */
export class ClinicUserView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() fullName!: string;
  @ApiProperty({ enum: ROLES, isArray: true }) roles!: Role[];
  @ApiProperty() active!: boolean;
  @ApiProperty() mfaEnabled!: boolean;
  @ApiProperty() version!: number;
  @ApiProperty() createdAt!: string;
}

export class ClinicUserPage {
  @ApiProperty({ type: ClinicUserView, isArray: true }) items!: ClinicUserView[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}

export class CreateUserDto {
  @ApiProperty()
  @Trimmed()
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiProperty()
  @Trimmed()
  @IsString()
  @Length(1, 200)
  fullName!: string;

  @ApiProperty({ enum: ROLES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(2)
  @ArrayUnique()
  @IsIn(ROLES, { each: true })
  roles!: Role[];

  @ApiProperty({ minLength: PASSWORD_MIN_LENGTH })
  @IsString()
  @Length(PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH, {
    message: `password must be ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters long`,
  })
  password!: string;
}

export class UpdateUserDto {
  @ApiPropertyOptional()
  @IsOptionalNonNull()
  @Trimmed()
  @IsString()
  @Length(1, 200)
  fullName?: string;

  @ApiPropertyOptional({ enum: ROLES, isArray: true })
  @IsOptionalNonNull()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(2)
  @ArrayUnique()
  @IsIn(ROLES, { each: true })
  roles?: Role[];

  @ApiPropertyOptional()
  @IsOptionalNonNull()
  @IsBoolean()
  active?: boolean;
}
