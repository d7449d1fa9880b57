import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  registerDecorator,
  ValidateNested,
  type ValidationArguments,
} from 'class-validator';
import { IsInstant, IsOptionalNonNull, MaxDecimalPlaces } from '../../common/validators.js';
import { INSTRUMENTS, isKnownCptCode, measurementProblem, WEEKLY_DISTANCE_FLAG } from '@stride/clinical';
import { EXERCISE_TARGETS } from '../../exercises/global-library.js';

export const VISIT_TYPES = ['initial_evaluation', 'follow_up', 're_evaluation', 'discharge'] as const;
export type VisitType = (typeof VISIT_TYPES)[number];
export const MANUAL_TECHNIQUES = [
  'soft_tissue_mobilization',
  'myofascial_release',
  'instrument_assisted',
  'joint_mobilization',
  'dry_needling',
  'manual_stretching',
  'other',
] as const;
export type ManualTechnique = (typeof MANUAL_TECHNIQUES)[number];
const INSTRUMENT_CODES = INSTRUMENTS.map((i) => i.code);
const SOAP_MAX = 20000;
export const VISIT_STATUSES = ['draft', 'signed'] as const;
/** The flags a visit answer can carry (running-load.ts). */
const VISIT_FLAGS = [WEEKLY_DISTANCE_FLAG];

/** The value must fit the instrument named beside it (range and step, from the registry). */
function FitsInstrument(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'fitsInstrument',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (value: unknown, args: ValidationArguments) =>
          measurementProblem(String((args.object as { instrument?: unknown }).instrument), value) ===
          undefined,
        defaultMessage: (args: ValidationArguments) =>
          `value ${measurementProblem(String((args.object as { instrument?: unknown }).instrument), args.value) ?? 'is invalid'}`,
      },
    });
}

/** A CPT/HCPCS code the 8-minute rule knows (timed or untimed); any other is 400. */
function KnownCptCode(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'knownCptCode',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: 'cptCode must be a supported timed or untimed code (e.g. 97110, 97140, 97161)' },
      validator: { validate: (value: unknown) => typeof value === 'string' && isKnownCptCode(value) },
    });
}

export class MeasurementDto {
  @ApiProperty({ enum: INSTRUMENT_CODES, enumName: 'InstrumentCode' })
  @IsIn(INSTRUMENT_CODES, { message: `instrument must be one of ${INSTRUMENT_CODES.join(', ')}` })
  instrument!: string;

  @ApiProperty({
    type: 'number',
    minimum: 0,
    maximum: 80,
    example: 6,
    description: 'Within the instrument’s range and on its step (GET /instruments)',
  })
  @FitsInstrument()
  value!: number;
}

export class ManualTherapyDto {
  @ApiProperty({ enum: MANUAL_TECHNIQUES, enumName: 'ManualTechnique' })
  @IsIn(MANUAL_TECHNIQUES)
  technique!: ManualTechnique;

  @ApiProperty({ example: 'TFL / lateral hip', minLength: 1, maxLength: 200 })
  @IsString()
  @Length(1, 200)
  region!: string;

  @ApiPropertyOptional({ type: 'integer', nullable: true, minimum: 1, maximum: 120 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(120)
  minutes?: number | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  notes?: string | null;
}

export class PrescribedExerciseDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  exerciseId!: string;

  @ApiPropertyOptional({ type: 'integer', nullable: true, minimum: 1, maximum: 20 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(20)
  sets?: number | null;

  @ApiPropertyOptional({ type: 'integer', nullable: true, minimum: 1, maximum: 500 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(500)
  reps?: number | null;

  @ApiPropertyOptional({ type: 'integer', nullable: true, minimum: 1, maximum: 900 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(900)
  holdSeconds?: number | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 100, example: 'red band' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  load?: string | null;

  @ApiPropertyOptional({ type: 'integer', nullable: true, minimum: 1, maximum: 21 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(21)
  timesPerWeek?: number | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  notes?: string | null;
}

export class RunningDto {
  @ApiPropertyOptional({
    type: 'number',
    nullable: true,
    minimum: 0,
    maximum: 1000,
    example: 12.5,
    description: 'km, at most 2 decimals',
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @MaxDecimalPlaces(2)
  @Min(0)
  @Max(1000)
  weeklyDistanceKm?: number | null;

  @ApiPropertyOptional({
    type: 'number',
    nullable: true,
    minimum: 0,
    maximum: 500,
    example: 5,
    description: 'km, at most 2 decimals',
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @MaxDecimalPlaces(2)
  @Min(0)
  @Max(500)
  longestRunKm?: number | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    pattern: '^\\d{1,2}:\\d{1,2}$',
    example: '4:1',
    description: 'run minutes : walk minutes',
  })
  @IsOptional()
  @IsString()
  @Matches(/^\d{1,2}:\d{1,2}$/, { message: 'runWalkRatio must look like 4:1' })
  runWalkRatio?: string | null;
}

export class ServiceLineDto {
  @ApiProperty({
    example: '97110',
    maxLength: 5,
    description: 'A code the 8-minute rule knows: timed (97110, 97140, …) or untimed (97161, G0283, …)',
  })
  @IsString()
  @KnownCptCode()
  cptCode!: string;

  @ApiPropertyOptional({
    type: 'integer',
    nullable: true,
    minimum: 0,
    maximum: 480,
    description: 'Timed codes: their minutes; untimed codes: optional, not part of totalTimedMinutes',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(480)
  minutes?: number | null;
}

/** Fields shared by create and update; on update every field is optional and `null` clears. */
abstract class VisitFields {
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: SOAP_MAX })
  @IsOptional()
  @IsString()
  @MaxLength(SOAP_MAX)
  subjective?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: SOAP_MAX })
  @IsOptional()
  @IsString()
  @MaxLength(SOAP_MAX)
  objective?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: SOAP_MAX })
  @IsOptional()
  @IsString()
  @MaxLength(SOAP_MAX)
  assessment?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: SOAP_MAX })
  @IsOptional()
  @IsString()
  @MaxLength(SOAP_MAX)
  plan?: string | null;

  @ApiPropertyOptional({
    type: [MeasurementDto],
    nullable: true,
    maxItems: INSTRUMENTS.length,
    description: 'One per instrument; replaces the old list whole, null clears',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(INSTRUMENTS.length)
  // Each element an object: class-validator would validate a nested array's members instead.
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => MeasurementDto)
  measurements?: MeasurementDto[] | null;

  @ApiPropertyOptional({ type: [ManualTherapyDto], nullable: true, maxItems: 20 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => ManualTherapyDto)
  manualTherapy?: ManualTherapyDto[] | null;

  @ApiPropertyOptional({ type: [PrescribedExerciseDto], nullable: true, maxItems: 40 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(40)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => PrescribedExerciseDto)
  exercises?: PrescribedExerciseDto[] | null;

  @ApiPropertyOptional({ type: RunningDto, nullable: true })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => RunningDto)
  running?: RunningDto | null;

  @ApiPropertyOptional({
    type: [ServiceLineDto],
    nullable: true,
    maxItems: 20,
    description: 'One line per code (a repeated code is 400)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => ServiceLineDto)
  services?: ServiceLineDto[] | null;
}

export class CreateVisitDto extends VisitFields {
  @ApiProperty({
    format: 'date-time',
    example: '2026-03-02T16:00:00Z',
    description: 'With Z or an offset; not after now + 5 minutes nor before the episode’s start date',
  })
  @IsInstant()
  visitDate!: string;

  @ApiProperty({ enum: VISIT_TYPES, enumName: 'VisitType' })
  @IsIn(VISIT_TYPES)
  visitType!: VisitType;
}

export class UpdateVisitDto extends VisitFields {
  @ApiPropertyOptional({
    format: 'date-time',
    example: '2026-03-02T16:00:00Z',
    description: 'With Z or an offset; not after now + 5 minutes nor before the episode’s start date',
  })
  @IsOptionalNonNull()
  @IsInstant()
  visitDate?: string;

  @ApiPropertyOptional({ enum: VISIT_TYPES, enumName: 'VisitType' })
  @IsOptionalNonNull()
  @IsIn(VISIT_TYPES)
  visitType?: VisitType;
}

export class AddendumDto {
  @ApiProperty({ minLength: 1, maxLength: 20000 })
  @IsString()
  @Length(1, 20000)
  text!: string;
}

// ---- answers ----

export class PrescriptionView {
  @ApiProperty({ format: 'uuid' }) exerciseId!: string;
  @ApiProperty({ description: 'Copied from the library when saved' }) name!: string;
  @ApiProperty({ description: 'Copied from the library when saved' }) instructions!: string;
  @ApiProperty({ enum: EXERCISE_TARGETS, enumName: 'ExerciseTarget', isArray: true }) targets!: string[];
  @ApiProperty({ nullable: true, type: 'integer' }) sets!: number | null;
  @ApiProperty({ nullable: true, type: 'integer' }) reps!: number | null;
  @ApiProperty({ nullable: true, type: 'integer' }) holdSeconds!: number | null;
  @ApiProperty({ nullable: true, type: String }) load!: string | null;
  @ApiProperty({ nullable: true, type: 'integer' }) timesPerWeek!: number | null;
  @ApiProperty({ nullable: true, type: String }) notes!: string | null;
}

export class BilledLineView {
  @ApiProperty() cptCode!: string;
  @ApiProperty({ nullable: true, type: 'integer' }) minutes!: number | null;
  @ApiProperty() timed!: boolean;
  @ApiProperty({ type: 'integer', minimum: 0 }) units!: number;
}

/** The 8-minute rule applied to the visit's service lines. */
export class BillingView {
  @ApiProperty({ type: 'integer', minimum: 0 }) totalTimedMinutes!: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) totalUnits!: number;
  @ApiProperty({ type: [BilledLineView] }) lines!: BilledLineView[];
}

export class AddendumView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() text!: string;
  @ApiProperty({ format: 'uuid' }) authorId!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class MeasurementView {
  @ApiProperty({ enum: INSTRUMENT_CODES, enumName: 'InstrumentCode' }) instrument!: string;
  @ApiProperty({ type: 'number' }) value!: number;
}

export class ManualTherapyView {
  @ApiProperty({ enum: MANUAL_TECHNIQUES, enumName: 'ManualTechnique' }) technique!: ManualTechnique;
  @ApiProperty() region!: string;
  @ApiProperty({ nullable: true, type: 'integer' }) minutes!: number | null;
  @ApiProperty({ nullable: true, type: String }) notes!: string | null;
}

export class RunningView {
  @ApiProperty({ nullable: true, type: Number }) weeklyDistanceKm!: number | null;
  @ApiProperty({ nullable: true, type: Number }) longestRunKm!: number | null;
  @ApiProperty({ nullable: true, type: String }) runWalkRatio!: string | null;
}

export class ServiceLineView {
  @ApiProperty() cptCode!: string;
  @ApiProperty({ nullable: true, type: 'integer' }) minutes!: number | null;
}

export class VisitView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) episodeId!: string;
  @ApiProperty({ format: 'uuid' }) patientId!: string;
  @ApiProperty({ format: 'uuid', description: 'The therapist who created the visit' }) therapistId!: string;
  @ApiProperty({ format: 'date-time' }) visitDate!: string;
  @ApiProperty({ enum: VISIT_TYPES, enumName: 'VisitType' }) visitType!: VisitType;
  @ApiProperty({ nullable: true, type: String }) subjective!: string | null;
  @ApiProperty({ nullable: true, type: String }) objective!: string | null;
  @ApiProperty({ nullable: true, type: String }) assessment!: string | null;
  @ApiProperty({ nullable: true, type: String }) plan!: string | null;
  @ApiProperty({ type: [MeasurementView] }) measurements!: MeasurementView[];
  @ApiProperty({ type: [ManualTherapyView] }) manualTherapy!: ManualTherapyView[];
  @ApiProperty({ type: [PrescriptionView] }) exercises!: PrescriptionView[];
  @ApiProperty({ type: RunningView, nullable: true }) running!: RunningView | null;
  @ApiProperty({ type: [ServiceLineView] }) services!: ServiceLineView[];
  @ApiProperty({ enum: VISIT_STATUSES, enumName: 'VisitStatus' }) status!: 'draft' | 'signed';
  @ApiProperty({ type: 'integer', minimum: 1 }) version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) signedAt!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) signedBy!: string | null;
  @ApiProperty({ type: [AddendumView] }) addenda!: AddendumView[];
  @ApiProperty({ enum: VISIT_FLAGS, enumName: 'VisitFlag', isArray: true }) flags!: string[];
  @ApiProperty({ type: BillingView }) billing!: BillingView;
}

export class VisitPage {
  @ApiProperty({ type: VisitView, isArray: true }) items!: VisitView[];
  @ApiProperty({ type: 'integer', minimum: 0 }) total!: number;
  @ApiProperty({ type: 'integer', minimum: 1 }) page!: number;
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 100 }) pageSize!: number;
}

export class HomeProgramView {
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) visitId!: string | null;
  @ApiProperty({ type: [PrescriptionView] }) items!: PrescriptionView[];
}
