import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { IsCalendarDate, IsOptionalNonNull, Trimmed } from '../../common/validators.js';
import { OFF_TRACK_REASONS, type OffTrackReason } from '@stride/clinical';

export const BODY_SIDES = ['left', 'right', 'bilateral', 'not_applicable'] as const;
export type BodySide = (typeof BODY_SIDES)[number];
export const EPISODE_STATUSES = ['active', 'discharged', 'cancelled'] as const;
export type EpisodeStatus = (typeof EPISODE_STATUSES)[number];
export const DISCHARGE_REASONS = [
  'goals_met',
  'plateaued',
  'self_discharged',
  'referred_out',
  'other',
] as const;
export type DischargeReason = (typeof DISCHARGE_REASONS)[number];

/** ICD-10-CM: a letter, two characters, then optionally a dot and up to four more (e.g. M76.31). */
export const ICD10 = /^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$/;

const upperTrim = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim().toUpperCase() : value;
const trimAll = ({ value }: { value: unknown }) =>
  Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? v.trim() : v)) : value;

export class CreateEpisodeDto {
  @ApiProperty({
    example: 'M76.31',
    description:
      'ICD-10-CM (a letter, two characters, then optionally a dot and 1–4 more); trimmed and upper-cased first',
  })
  @Transform(upperTrim)
  @IsString()
  @Matches(ICD10, { message: 'diagnosisCode must be an ICD-10-CM code such as M76.31' })
  diagnosisCode!: string;

  @ApiProperty({
    example: 'Iliotibial band syndrome, right leg',
    minLength: 1,
    maxLength: 200,
    description: 'Trimmed',
  })
  @Trimmed()
  @IsString()
  @Length(1, 200)
  diagnosisLabel!: string;

  @ApiProperty({ enum: BODY_SIDES, enumName: 'BodySide' })
  @IsIn(BODY_SIDES)
  bodySide!: BodySide;

  @ApiProperty({ format: 'date', description: 'Not after today in the clinic’s time zone' })
  @IsCalendarDate()
  startDate!: string;

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true })
  @IsOptional()
  @IsCalendarDate()
  onsetDate?: string | null;

  @ApiPropertyOptional({ type: 'integer', default: 4, minimum: 1, maximum: 100 })
  @IsOptionalNonNull()
  @IsInt()
  @Min(1)
  @Max(100)
  plannedVisits?: number;

  @ApiPropertyOptional({ type: 'integer', default: 6, minimum: 1, maximum: 104 })
  @IsOptionalNonNull()
  @IsInt()
  @Min(1)
  @Max(104)
  plannedWeeks?: number;

  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'string', minLength: 1, maxLength: 500 },
    maxItems: 20,
    example: ['Run 10 km pain-free'],
    description: 'Each trimmed',
  })
  @IsOptionalNonNull()
  @Transform(trimAll)
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 500, { each: true })
  goals?: string[];

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Treating therapist (a therapist of the clinic); default the caller',
  })
  @IsOptionalNonNull()
  @IsUUID()
  therapistId?: string;
}

export class UpdateEpisodeDto {
  @ApiPropertyOptional({
    example: 'M76.31',
    description:
      'ICD-10-CM (a letter, two characters, then optionally a dot and 1–4 more); trimmed and upper-cased first',
  })
  @IsOptionalNonNull()
  @Transform(upperTrim)
  @IsString()
  @Matches(ICD10, { message: 'diagnosisCode must be an ICD-10-CM code such as M76.31' })
  diagnosisCode?: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: 200, description: 'Trimmed' })
  @IsOptionalNonNull()
  @Trimmed()
  @IsString()
  @Length(1, 200)
  diagnosisLabel?: string;

  @ApiPropertyOptional({ enum: BODY_SIDES, enumName: 'BodySide' })
  @IsOptionalNonNull()
  @IsIn(BODY_SIDES)
  bodySide?: BodySide;

  @ApiPropertyOptional({ format: 'date', description: 'Not after today in the clinic’s time zone' })
  @IsOptionalNonNull()
  @IsCalendarDate()
  startDate?: string;

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true })
  @IsOptional()
  @IsCalendarDate()
  onsetDate?: string | null;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 100 })
  @IsOptionalNonNull()
  @IsInt()
  @Min(1)
  @Max(100)
  plannedVisits?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 104 })
  @IsOptionalNonNull()
  @IsInt()
  @Min(1)
  @Max(104)
  plannedWeeks?: number;

  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'string', minLength: 1, maxLength: 500 },
    maxItems: 20,
    description: 'Each trimmed',
  })
  @IsOptionalNonNull()
  @Transform(trimAll)
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 500, { each: true })
  goals?: string[];

  @ApiPropertyOptional({ format: 'uuid', description: 'A therapist of the clinic' })
  @IsOptionalNonNull()
  @IsUUID()
  therapistId?: string;
}

export class DischargeEpisodeDto {
  @ApiProperty({
    format: 'date',
    description: 'From the last signed visit’s date to today (clinic time zone)',
  })
  @IsCalendarDate()
  date!: string;

  @ApiProperty({ enum: DISCHARGE_REASONS, enumName: 'DischargeReason' })
  @IsIn(DISCHARGE_REASONS)
  reason!: DischargeReason;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 4000 })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  note?: string | null;
}

export class CancelEpisodeDto {
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string | null;
}

export class EpisodeView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) patientId!: string;
  @ApiProperty({ format: 'uuid' }) therapistId!: string;
  @ApiProperty({ example: 'M76.31' }) diagnosisCode!: string;
  @ApiProperty({ maxLength: 200 }) diagnosisLabel!: string;
  @ApiProperty({ enum: BODY_SIDES, enumName: 'BodySide' }) bodySide!: BodySide;
  @ApiProperty({ format: 'date', nullable: true, type: String }) onsetDate!: string | null;
  @ApiProperty({ format: 'date' }) startDate!: string;
  @ApiProperty({ type: 'integer', minimum: 1 }) plannedVisits!: number;
  @ApiProperty({ type: 'integer', minimum: 1 }) plannedWeeks!: number;
  @ApiProperty({ type: [String] }) goals!: string[];
  @ApiProperty({ enum: EPISODE_STATUSES, enumName: 'EpisodeStatus' }) status!: EpisodeStatus;
  @ApiProperty({ format: 'date', nullable: true, type: String }) dischargeDate!: string | null;
  @ApiProperty({ enum: DISCHARGE_REASONS, enumName: 'DischargeReason', nullable: true })
  dischargeReason!: DischargeReason | null;
  @ApiProperty({ nullable: true, type: String }) dischargeNote!: string | null;
  @ApiProperty({ nullable: true, type: String }) cancelReason!: string | null;
  @ApiProperty({ type: 'integer', minimum: 1 }) version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiPropertyOptional({
    enum: OFF_TRACK_REASONS,
    enumName: 'OffTrackReason',
    isArray: true,
    description: 'GET /episodes/:id only',
  })
  offTrack?: OffTrackReason[];
}

export class EpisodePage {
  @ApiProperty({ type: EpisodeView, isArray: true }) items!: EpisodeView[];
  @ApiProperty({ type: 'integer', minimum: 0 }) total!: number;
  @ApiProperty({ type: 'integer', minimum: 1 }) page!: number;
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 100 }) pageSize!: number;
}
