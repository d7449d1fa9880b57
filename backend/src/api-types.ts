/**
 * The API's answer and request shapes, as types only, for the console (tsconfig path
 * `@stride/api`). Import with `import type`: nothing here reaches the console's bundle.
 */
export type {
  LoginDto,
  MfaChallengeView,
  MfaCodeDto,
  MfaSetupView,
  MfaVerifyDto,
  SessionView,
  SignupDto,
} from './auth/dto/auth.dto.js';
export type { ClinicView, UpdateClinicDto } from './clinics/dto/clinic.dto.js';
export type { Page } from './common/pagination.js';
export type {
  CancelEpisodeDto,
  CreateEpisodeDto,
  DischargeEpisodeDto,
  EpisodeView,
  UpdateEpisodeDto,
  BodySide,
  DischargeReason,
  EpisodeStatus,
} from './episodes/dto/episode.dto.js';
export type { CreateExerciseDto, ExerciseView, UpdateExerciseDto } from './exercises/dto/exercise.dto.js';
export type { ExerciseTarget } from './exercises/global-library.js';
export type { Instrument, InstrumentCode, OffTrackReason } from '@stride/clinical';
export type { CreatePatientDto, PatientView, Sex, UpdatePatientDto } from './patients/dto/patient.dto.js';
export type { ClinicUserView, CreateUserDto, UpdateUserDto, UserView } from './users/dto/user.dto.js';
export type { Role } from './users/roles.js';
export type {
  AddendumDto,
  AddendumView,
  BillingView,
  CreateVisitDto,
  HomeProgramView,
  ManualTechnique,
  ManualTherapyDto,
  MeasurementDto,
  PrescribedExerciseDto,
  PrescriptionView,
  RunningDto,
  ServiceLineDto,
  UpdateVisitDto,
  VisitType,
  VisitView,
} from './visits/dto/visit.dto.js';
