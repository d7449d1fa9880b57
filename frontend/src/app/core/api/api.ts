/**
 * The API's request and answer shapes, as the console imports them (tsconfig path
 * `@stride/api`). Every type here is an alias of the document the API commits
 * (backend/openapi.json); `npm run api-types` generates `openapi.d.ts` from it before every
 * build, test, type check and lint, so a document that does not fit the console's calls fails
 * the build. Import the types with `import type`; the values at the end are the only code.
 */
import type { components, operations } from './openapi';

type Schemas = components['schemas'];

// ---- accounts and clinic
export type SignupDto = Schemas['SignupDto'];
export type LoginDto = Schemas['LoginDto'];
export type SessionView = Schemas['SessionView'];
export type MfaChallengeView = Schemas['MfaChallengeView'];
export type MfaCodeDto = Schemas['MfaCodeDto'];
export type MfaVerifyDto = Schemas['MfaVerifyDto'];
export type MfaSetupView = Schemas['MfaSetupView'];
/** `POST /auth/login`: signed in, or a two-step sign-in challenge. */
export type LoginAnswer = operations['auth_login']['responses'][200]['content']['application/json'];
export type UserView = Schemas['UserView'];
export type ClinicSummary = Schemas['ClinicSummary'];
export type Role = Schemas['Role'];
export type DistanceUnit = Schemas['DistanceUnit'];
export type ClinicView = Schemas['ClinicView'];
export type UpdateClinicDto = Schemas['UpdateClinicDto'];
export type ClinicUserView = Schemas['ClinicUserView'];
export type CreateUserDto = Schemas['CreateUserDto'];
export type UpdateUserDto = Schemas['UpdateUserDto'];

// ---- patients, episodes, visits, exercises
export type PatientView = Schemas['PatientView'];
export type CreatePatientDto = Schemas['CreatePatientDto'];
export type UpdatePatientDto = Schemas['UpdatePatientDto'];
export type Sex = Schemas['Sex'];
export type EpisodeView = Schemas['EpisodeView'];
export type CreateEpisodeDto = Schemas['CreateEpisodeDto'];
export type UpdateEpisodeDto = Schemas['UpdateEpisodeDto'];
export type DischargeEpisodeDto = Schemas['DischargeEpisodeDto'];
export type CancelEpisodeDto = Schemas['CancelEpisodeDto'];
export type BodySide = Schemas['BodySide'];
export type EpisodeStatus = Schemas['EpisodeStatus'];
export type DischargeReason = Schemas['DischargeReason'];
export type OffTrackReason = Schemas['OffTrackReason'];
export type VisitView = Schemas['VisitView'];
export type CreateVisitDto = Schemas['CreateVisitDto'];
export type UpdateVisitDto = Schemas['UpdateVisitDto'];
export type AddendumDto = Schemas['AddendumDto'];
export type AddendumView = Schemas['AddendumView'];
export type BillingView = Schemas['BillingView'];
export type MeasurementDto = Schemas['MeasurementDto'];
export type ManualTherapyDto = Schemas['ManualTherapyDto'];
export type PrescribedExerciseDto = Schemas['PrescribedExerciseDto'];
export type RunningDto = Schemas['RunningDto'];
export type ServiceLineDto = Schemas['ServiceLineDto'];
export type PrescriptionView = Schemas['PrescriptionView'];
export type HomeProgramView = Schemas['HomeProgramView'];
export type VisitType = Schemas['VisitType'];
export type VisitStatus = Schemas['VisitStatus'];
export type ManualTechnique = Schemas['ManualTechnique'];
export type ExerciseView = Schemas['ExerciseView'];
export type CreateExerciseDto = Schemas['CreateExerciseDto'];
export type UpdateExerciseDto = Schemas['UpdateExerciseDto'];
export type ExerciseTarget = Schemas['ExerciseTarget'];
/** An outcome instrument of `GET /instruments`. */
export type Instrument = Schemas['InstrumentView'];
export type InstrumentCode = Schemas['InstrumentCode'];

// ---- outcomes, analytics, audit
export type EpisodeOutcomesView = Schemas['EpisodeOutcomesView'];
export type InstrumentOutcomeView = Schemas['InstrumentOutcomeView'];
export type AnalyticsView = Schemas['AnalyticsView'];
export type MeanMedianView = Schemas['MeanMedianView'];
export type MeasureSummaryView = Schemas['MeasureSummaryView'];
export type TherapistOutcomesView = Schemas['TherapistOutcomesView'];
export type PainWeekView = Schemas['PainWeekView'];
export type VisitCountBucketView = Schemas['VisitCountBucketView'];
export type OffTrackEpisodeView = Schemas['OffTrackEpisodeView'];
type AnalyticsQuery = NonNullable<operations['outcomes_analytics']['parameters']['query']>;
/** The filters of `GET /analytics/outcomes` as the dashboard holds them: dates set, the rest null when unset. */
export type OutcomesFilters = Required<Pick<AnalyticsQuery, 'from' | 'to'>> & {
  therapistId: NonNullable<AnalyticsQuery['therapistId']> | null;
  diagnosis: NonNullable<AnalyticsQuery['diagnosis']> | null;
};
export type AuditEventView = Schemas['AuditEventView'];
export type AuditOutcome = Schemas['AuditOutcome'];

// ---- lists and problems
/** A page of a list answer (`{items, total, page, pageSize}`). */
export type Page<T> = Omit<Schemas['PatientPage'], 'items'> & { items: T[] };
/** RFC 9457 problem details: every error answer. */
export type ProblemView = Schemas['ProblemView'];
export type ValidationProblemView = Schemas['ValidationProblemView'];
export type FieldErrorView = Schemas['FieldErrorView'];
export type FieldProblem = FieldErrorView;
/**
 * A problem as the console reads it from any failed answer (`shared/problem.ts`): the API's
 * ProblemView, with `detail` optional and `type` any string for answers that are not the API's
 * own (a proxy's 502).
 */
export type Problem = Omit<ProblemView, 'type' | 'detail'> & { type: string; detail?: string };

// ---- second release, not in backend/openapi.json on this branch yet (swap for the generated
// schemas once the API's side is merged)
/** SPEC §2: a patient named by a `POST /patients` 409 `/problems/possible-duplicate` (`existing[]`). */
export interface PossibleDuplicate {
  id: string;
  mrn: string;
  /** ISO instant, or null for a patient who is not archived. */
  archivedAt: string | null;
}

// ---- values
export const API_BASE = '/api/v1';
/** SPEC "Second release": the problem type of a possible duplicate patient (SPEC §2). */
export const POSSIBLE_DUPLICATE = '/problems/possible-duplicate';

export function isMfaRequired(answer: LoginAnswer): answer is MfaChallengeView {
  return 'mfaRequired' in answer && answer.mfaRequired;
}
