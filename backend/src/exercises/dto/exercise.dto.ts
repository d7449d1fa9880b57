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
  @ApiPropertyOptional({ description: 'Part of the name, case- and accent-insensitive' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ enum: EXERCISE_TARGETS })
  @IsOptional()
  @IsIn(EXERCISE_TARGETS)
  target?: ExerciseTarget;
}

export class CreateExerciseDto {
  @ApiProperty({ example: 'Banded monster walk' })
  @Trimmed()
  @IsString()
  @Length(1, 120)
  name!: string;

  @ApiProperty({ enum: EXERCISE_TARGETS, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(EXERCISE_TARGETS.length)
  @ArrayUnique()
  @IsIn(EXERCISE_TARGETS, { each: true })
  targets!: ExerciseTarget[];

  @ApiProperty()
  @Trimmed()
  @IsString()
  @Length(1, 4000)
  instructions!: string;

  @ApiPropertyOptional({ example: '3 × 12, 3×/week' })
  @IsOptional()
  @Trimmed()
  @IsString()
  @MaxLength(200)
  defaultDosage?: string | null;
}

export class UpdateExerciseDto {
  @ApiPropertyOptional()
  @IsOptionalNonNull()
  @Trimmed()
  @IsString()
  @Length(1, 120)
  name?: string;

  @ApiPropertyOptional({ enum: EXERCISE_TARGETS, isArray: true })
  @IsOptionalNonNull()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(EXERCISE_TARGETS.length)
  @ArrayUnique()
  @IsIn(EXERCISE_TARGETS, { each: true })
  targets?: ExerciseTarget[];

  @ApiPropertyOptional()
  @IsOptionalNonNull()
  @Trimmed()
  @IsString()
  @Length(1, 4000)
  instructions?: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @Trimmed()
  @IsString()
  @MaxLength(200)
  defaultDosage?: string | null;
}

export class ExerciseView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: EXERCISE_TARGETS, isArray: true }) targets!: ExerciseTarget[];
  @ApiProperty() instructions!: string;
  @ApiProperty() defaultDosage!: string;
  @ApiProperty({ description: 'The seeded library every clinic shares; no clinic can edit it' })
  global!: boolean;
  @ApiProperty() version!: number;
}

export class ExercisePage {
  @ApiProperty({ type: ExerciseView, isArray: true }) items!: ExerciseView[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}
