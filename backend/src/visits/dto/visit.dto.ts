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
import { INSTRUMENTS, isKnownCptCode, measurementProblem } from '@stride/clinical';

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
  @ApiProperty({ enum: INSTRUMENT_CODES })
  @IsIn(INSTRUMENT_CODES, { message: `instrument must be one of ${INSTRUMENT_CODES.join(', ')}` })
  instrument!: string;

  @ApiProperty({ example: 6 })
  @FitsInstrument()
  value!: number;
}

export class ManualTherapyDto {
  @ApiProperty({ enum: MANUAL_TECHNIQUES })
  @IsIn(MANUAL_TECHNIQUES)
  technique!: ManualTechnique;

  @ApiProperty({ example: 'TFL / lateral hip' })
  @IsString()
  @Length(1, 200)
  region!: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 120 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(120)
  minutes?: number | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  notes?: string | null;
}

export class PrescribedExerciseDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  exerciseId!: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 20 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(20)
  sets?: number | null;

  @ApiPropertyOptional({ minimum: 1, maximum: 500 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(500)
  reps?: number | null;

  @ApiPropertyOptional({ minimum: 1, maximum: 900 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(900)
  holdSeconds?: number | null;

  @ApiPropertyOptional({ example: 'red band' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  load?: string | null;

  @ApiPropertyOptional({ minimum: 1, maximum: 21 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(21)
  timesPerWeek?: number | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  notes?: string | null;
}

export class RunningDto {
  @ApiPropertyOptional({ example: 12.5, description: 'km, at most 2 decimals' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @MaxDecimalPlaces(2)
  @Min(0)
  @Max(1000)
  weeklyDistanceKm?: number | null;

  @ApiPropertyOptional({ example: 5 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @MaxDecimalPlaces(2)
  @Min(0)
  @Max(500)
  longestRunKm?: number | null;

  @ApiPropertyOptional({ example: '4:1', description: 'run minutes : walk minutes' })
  @IsOptional()
  @IsString()
  @Matches(/^\d{1,2}:\d{1,2}$/, { message: 'runWalkRatio must look like 4:1' })
  runWalkRatio?: string | null;
}

export class ServiceLineDto {
  @ApiProperty({ example: '97110' })
  @IsString()
  @KnownCptCode()
  cptCode!: string;

  @ApiPropertyOptional({ minimum: 0, maximum: 480, description: 'Required for timed codes' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(480)
  minutes?: number | null;
}

/** Fields shared by create and update; on update every field is optional and `null` clears. */
abstract class VisitFields {
  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(SOAP_MAX)
  subjective?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(SOAP_MAX)
  objective?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(SOAP_MAX)
  assessment?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(SOAP_MAX)
  plan?: string | null;

  @ApiPropertyOptional({ type: [MeasurementDto], nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(INSTRUMENTS.length)
  // Each element an object: class-validator would validate a nested array's members instead.
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => MeasurementDto)
  measurements?: MeasurementDto[] | null;

  @ApiPropertyOptional({ type: [ManualTherapyDto], nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => ManualTherapyDto)
  manualTherapy?: ManualTherapyDto[] | null;

  @ApiPropertyOptional({ type: [PrescribedExerciseDto], nullable: true })
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

  @ApiPropertyOptional({ type: [ServiceLineDto], nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => ServiceLineDto)
  services?: ServiceLineDto[] | null;
}

export class CreateVisitDto extends VisitFields {
  @ApiProperty({ example: '2026-03-02T16:00:00Z' })
  @IsInstant()
  visitDate!: string;

  @ApiProperty({ enum: VISIT_TYPES })
  @IsIn(VISIT_TYPES)
  visitType!: VisitType;
}

export class UpdateVisitDto extends VisitFields {
  @ApiPropertyOptional({ example: '2026-03-02T16:00:00Z' })
  @IsOptionalNonNull()
  @IsInstant()
  visitDate?: string;

  @ApiPropertyOptional({ enum: VISIT_TYPES })
  @IsOptionalNonNull()
  @IsIn(VISIT_TYPES)
  visitType?: VisitType;
}

export class AddendumDto {
  @ApiProperty()
  @IsString()
  @Length(1, 20000)
  text!: string;
}

// ---- answers ----

export class PrescriptionView {
  @ApiProperty({ format: 'uuid' }) exerciseId!: string;
  @ApiProperty({ description: 'Copied from the library when saved' }) name!: string;
  @ApiProperty({ description: 'Copied from the library when saved' }) instructions!: string;
  @ApiProperty({ type: [String] }) targets!: string[];
  @ApiProperty({ nullable: true, type: Number }) sets!: number | null;
  @ApiProperty({ nullable: true, type: Number }) reps!: number | null;
  @ApiProperty({ nullable: true, type: Number }) holdSeconds!: number | null;
  @ApiProperty({ nullable: true, type: String }) load!: string | null;
  @ApiProperty({ nullable: true, type: Number }) timesPerWeek!: number | null;
  @ApiProperty({ nullable: true, type: String }) notes!: string | null;
}

export class BilledLineView {
  @ApiProperty() cptCode!: string;
  @ApiProperty({ nullable: true, type: Number }) minutes!: number | null;
  @ApiProperty() timed!: boolean;
  @ApiProperty() units!: number;
}

export class BillingView {
  @ApiProperty() totalTimedMinutes!: number;
  @ApiProperty() totalUnits!: number;
  @ApiProperty({ type: [BilledLineView] }) lines!: BilledLineView[];
}

export class AddendumView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() text!: string;
  @ApiProperty({ format: 'uuid' }) authorId!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class MeasurementView {
  @ApiProperty() instrument!: string;
  @ApiProperty() value!: number;
}

export class ManualTherapyView {
  @ApiProperty({ enum: MANUAL_TECHNIQUES }) technique!: ManualTechnique;
  @ApiProperty() region!: string;
  @ApiProperty({ nullable: true, type: Number }) minutes!: number | null;
  @ApiProperty({ nullable: true, type: String }) notes!: string | null;
}

export class RunningView {
  @ApiProperty({ nullable: true, type: Number }) weeklyDistanceKm!: number | null;
  @ApiProperty({ nullable: true, type: Number }) longestRunKm!: number | null;
  @ApiProperty({ nullable: true, type: String }) runWalkRatio!: string | null;
}

export class ServiceLineView {
  @ApiProperty() cptCode!: string;
  @ApiProperty({ nullable: true, type: Number }) minutes!: number | null;
}

export class VisitView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) episodeId!: string;
  @ApiProperty({ format: 'uuid' }) patientId!: string;
  @ApiProperty({ format: 'uuid', description: 'The therapist who created the visit' }) therapistId!: string;
  @ApiProperty({ format: 'date-time' }) visitDate!: string;
  @ApiProperty({ enum: VISIT_TYPES }) visitType!: VisitType;
  @ApiProperty({ nullable: true, type: String }) subjective!: string | null;
  @ApiProperty({ nullable: true, type: String }) objective!: string | null;
  @ApiProperty({ nullable: true, type: String }) assessment!: string | null;
  @ApiProperty({ nullable: true, type: String }) plan!: string | null;
  @ApiProperty({ type: [MeasurementView] }) measurements!: MeasurementView[];
  @ApiProperty({ type: [ManualTherapyView] }) manualTherapy!: ManualTherapyView[];
  @ApiProperty({ type: [PrescriptionView] }) exercises!: PrescriptionView[];
  @ApiProperty({ type: RunningView, nullable: true }) running!: RunningView | null;
  @ApiProperty({ type: [ServiceLineView] }) services!: ServiceLineView[];
  @ApiProperty({ enum: ['draft', 'signed'] }) status!: 'draft' | 'signed';
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) signedAt!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) signedBy!: string | null;
  @ApiProperty({ type: [AddendumView] }) addenda!: AddendumView[];
  @ApiProperty({ type: [String], example: ['weekly_distance_over_10_percent'] }) flags!: string[];
  @ApiProperty({ type: BillingView }) billing!: BillingView;
}

export class VisitPage {
  @ApiProperty({ type: VisitView, isArray: true }) items!: VisitView[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}

export class HomeProgramView {
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) visitId!: string | null;
  @ApiProperty({ type: [PrescriptionView] }) items!: PrescriptionView[];
}
