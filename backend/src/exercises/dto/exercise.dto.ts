import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  Length,
  MaxLength,
} from 'class-validator';
import { PageQuery } from '../../common/pagination.js';
import { IsOptionalNonNull, Trimmed } from '../../common/validators.js';
import { EXERCISE_TARGETS, type ExerciseTarget } from '../global-library.js';

export class ExerciseQuery extends PageQuery {
  @ApiPropertyOptional({ maxLength: 100, description: 'Part of the name, case- and accent-insensitive' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ enum: EXERCISE_TARGETS, enumName: 'ExerciseTarget' })
  @IsOptional()
  @IsIn(EXERCISE_TARGETS)
  target?: ExerciseTarget;
}

export class CreateExerciseDto {
  @ApiProperty({ example: 'Banded monster walk', minLength: 1, maxLength: 120, description: 'Trimmed' })
  @Trimmed()
  @IsString()
  @Length(1, 120)
  name!: string;

  @ApiProperty({
    enum: EXERCISE_TARGETS,
    enumName: 'ExerciseTarget',
    isArray: true,
    minItems: 1,
    maxItems: EXERCISE_TARGETS.length,
    uniqueItems: true,
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(EXERCISE_TARGETS.length)
  @ArrayUnique()
  @IsIn(EXERCISE_TARGETS, { each: true })
  targets!: ExerciseTarget[];

  @ApiProperty({ minLength: 1, maxLength: 4000, description: 'Trimmed' })
  @Trimmed()
  @IsString()
  @Length(1, 4000)
  instructions!: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 200,
    example: '3 × 12, 3×/week',
    description: 'Trimmed; absent or null is stored as ""',
  })
  @IsOptional()
  @Trimmed()
  @IsString()
  @MaxLength(200)
  defaultDosage?: string | null;
}

export class UpdateExerciseDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 120, description: 'Trimmed' })
  @IsOptionalNonNull()
  @Trimmed()
  @IsString()
  @Length(1, 120)
  name?: string;

  @ApiPropertyOptional({
    enum: EXERCISE_TARGETS,
    enumName: 'ExerciseTarget',
    isArray: true,
    minItems: 1,
    maxItems: EXERCISE_TARGETS.length,
    uniqueItems: true,
  })
  @IsOptionalNonNull()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(EXERCISE_TARGETS.length)
  @ArrayUnique()
  @IsIn(EXERCISE_TARGETS, { each: true })
  targets?: ExerciseTarget[];

  @ApiPropertyOptional({ minLength: 1, maxLength: 4000, description: 'Trimmed' })
  @IsOptionalNonNull()
  @Trimmed()
  @IsString()
  @Length(1, 4000)
  instructions?: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 200,
    description: 'Trimmed; null is stored as ""',
  })
  @IsOptional()
  @Trimmed()
  @IsString()
  @MaxLength(200)
  defaultDosage?: string | null;
}

export class ExerciseView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ maxLength: 120 }) name!: string;
  @ApiProperty({ enum: EXERCISE_TARGETS, enumName: 'ExerciseTarget', isArray: true })
  targets!: ExerciseTarget[];
  @ApiProperty() instructions!: string;
  @ApiProperty({ description: 'May be empty' }) defaultDosage!: string;
  @ApiProperty({ description: 'The seeded library every clinic shares; no clinic can edit it' })
  global!: boolean;
  @ApiProperty({ type: 'integer', minimum: 1 }) version!: number;
}

export class ExercisePage {
  @ApiProperty({ type: ExerciseView, isArray: true }) items!: ExerciseView[];
  @ApiProperty({ type: 'integer', minimum: 0 }) total!: number;
  @ApiProperty({ type: 'integer', minimum: 1 }) page!: number;
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 100 }) pageSize!: number;
}
