import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { IsTimeZone, Trimmed } from '../../common/validators.js';
import { DISTANCE_UNITS, type DistanceUnit } from '../../clinics/dto/clinic.dto.js';
import { UserView } from '../../users/dto/user.dto.js';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../users/passwords.js';

export class SignupDto {
  @ApiProperty({ example: 'Riverside Sports Physio', minLength: 1, maxLength: 200, description: 'Trimmed' })
  @Trimmed()
  @IsString()
  @Length(1, 200)
  clinicName!: string;

  @ApiProperty({ example: 'Dana Reyes', minLength: 1, maxLength: 200, description: 'Trimmed' })
  @Trimmed()
  @IsString()
  @Length(1, 200)
  fullName!: string;

  @ApiProperty({ example: 'dana@riverside.example', format: 'email', maxLength: 254 })
  @Trimmed()
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH })
  @IsString()
  @Length(PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH, {
    message: `password must be ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters long`,
  })
  password!: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'America/Denver',
    default: 'UTC',
    maxLength: 64,
    description: 'An IANA time zone of the tz database',
  })
  @IsOptional()
  @IsTimeZone()
  timezone?: string;

  @ApiPropertyOptional({ enum: DISTANCE_UNITS, enumName: 'DistanceUnit', nullable: true, default: 'km' })
  @IsOptional()
  @IsIn(DISTANCE_UNITS)
  distanceUnit?: DistanceUnit;
}

export class LoginDto {
  @ApiProperty({ minLength: 1, maxLength: 254, example: 'dana@riverside.example' })
  @Trimmed()
  @IsString()
  @Length(1, 254)
  email!: string;

  @ApiProperty({ minLength: 1, maxLength: PASSWORD_MAX_LENGTH })
  @IsString()
  @Length(1, PASSWORD_MAX_LENGTH)
  password!: string;
}

export class SessionView {
  @ApiProperty({ description: 'Bearer access token, valid for about 15 minutes.' })
  accessToken!: string;

  @ApiProperty({ type: UserView })
  user!: UserView;
}

export class MfaChallengeView {
  @ApiProperty({
    type: 'boolean',
    enum: [true],
    description: 'The password was right; a TOTP code is needed too.',
  })
  mfaRequired!: true;

  @ApiProperty({ description: 'For POST /auth/mfa/verify; lives 5 minutes and takes 5 wrong codes.' })
  mfaToken!: string;
}

export class MfaCodeDto {
  @ApiProperty({
    example: '123456',
    pattern: '^\\d{6}$',
    description: 'The 6-digit code of the authenticator app.',
  })
  @IsString()
  @Matches(/^\d{6}$/, { message: 'code must be the 6 digits of the authenticator app' })
  code!: string;
}

export class MfaVerifyDto extends MfaCodeDto {
  @ApiProperty({ minLength: 1, maxLength: 2000, description: 'The mfaToken of the POST /auth/login answer' })
  @IsString()
  @Length(1, 2000)
  mfaToken!: string;
}

export class MfaSetupView {
  @ApiProperty({ description: 'The shared secret, base32, for typing into an authenticator app.' })
  secret!: string;

  @ApiProperty({ example: 'otpauth://totp/Stride:dana%40riverside.example?secret=…&issuer=Stride' })
  otpauthUrl!: string;
}
