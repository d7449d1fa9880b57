import { ApiProperty } from '@nestjs/swagger';
import { INSTRUMENTS, type InstrumentCode, OFF_TRACK_REASONS, type OffTrackReason } from '@stride/clinical';

const INSTRUMENT_CODES = INSTRUMENTS.map((i) => i.code);

/** One property per instrument of the registry, each of `type` (nullable when asked). */
function perInstrument(target: object, type: new () => object, nullable: boolean): void {
  for (const code of INSTRUMENT_CODES) {
    ApiProperty({ type, nullable })(target, code);
  }
}

// ---- GET /analytics/outcomes ----

export class EpisodeCountsView {
  @ApiProperty({ type: 'integer', minimum: 0, description: 'All statuses' }) total!: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) active!: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) discharged!: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) cancelled!: number;
}

/** Unrounded; null with no episode to average. */
export class MeanMedianView {
  @ApiProperty({ type: 'number', nullable: true }) mean!: number | null;
  @ApiProperty({
    type: 'number',
    nullable: true,
    description: 'Of an even count: the mean of the middle two',
  })
  median!: number | null;
}

/** Over the episodes with a defined change of the instrument. */
export class MeasureSummaryView {
  @ApiProperty({ type: 'integer', minimum: 1 }) episodes!: number;
  @ApiProperty({ type: 'number' }) meanBaseline!: number;
  @ApiProperty({ type: 'number' }) meanLatest!: number;
  @ApiProperty({ type: 'number', description: 'In the instrument’s better direction' }) meanChange!: number;
  @ApiProperty({ type: 'number', minimum: 0, maximum: 1, description: 'A fraction 0–1' }) mcidRate!: number;
}

/** Every instrument of the registry: its summary, or null when no episode has a change. */
export class AnalyticsMeasuresView {}
perInstrument(AnalyticsMeasuresView.prototype, MeasureSummaryView, true);

export class TherapistOutcomesView {
  @ApiProperty({ format: 'uuid' }) therapistId!: string;
  @ApiProperty() fullName!: string;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'All statuses but cancelled' }) episodes!: number;
  @ApiProperty({
    type: 'number',
    nullable: true,
    minimum: 0,
    maximum: 1,
    description: 'As measures.nprs_activity.mcidRate, over their episodes',
  })
  mcidRate!: number | null;
  @ApiProperty({ type: 'number', nullable: true, description: 'Signed visits per discharged episode' })
  meanVisits!: number | null;
}

export class PainWeekView {
  @ApiProperty({ type: 'integer', description: '0-based week of the episode (the console shows week + 1)' })
  week!: number;
  @ApiProperty({ type: 'number', description: 'Mean nprs_activity of the signed visits that week' })
  mean!: number;
  @ApiProperty({ type: 'integer', minimum: 1, description: 'How many values' }) n!: number;
}

export class VisitCountBucketView {
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Signed visits' }) visits!: number;
  @ApiProperty({ type: 'integer', minimum: 1, description: 'Discharged episodes with that many' })
  episodes!: number;
}

export class OffTrackEpisodeView {
  @ApiProperty({ format: 'uuid' }) episodeId!: string;
  @ApiProperty({ format: 'uuid' }) patientId!: string;
  @ApiProperty() patientName!: string;
  @ApiProperty({ format: 'uuid' }) therapistId!: string;
  @ApiProperty({ enum: OFF_TRACK_REASONS, enumName: 'OffTrackReason', isArray: true, minItems: 1 })
  reasons!: OffTrackReason[];
}

export class AnalyticsView {
  @ApiProperty({ type: EpisodeCountsView }) episodes!: EpisodeCountsView;
  @ApiProperty({ type: MeanMedianView }) visitsPerDischargedEpisode!: MeanMedianView;
  @ApiProperty({ type: MeanMedianView, description: 'In weeks' }) weeksToDischarge!: MeanMedianView;
  @ApiProperty({ type: AnalyticsMeasuresView })
  measures!: Record<InstrumentCode, MeasureSummaryView | null>;
  @ApiProperty({ type: [TherapistOutcomesView] }) byTherapist!: TherapistOutcomesView[];
  @ApiProperty({ type: [PainWeekView], description: 'Weeks without values are left out' })
  painByWeek!: PainWeekView[];
  @ApiProperty({ type: [VisitCountBucketView] }) visitCountDistribution!: VisitCountBucketView[];
  @ApiProperty({
    type: [OffTrackEpisodeView],
    maxItems: 100,
    description: 'Active episodes whatever the dates; at most 100, oldest start first',
  })
  offTrack!: OffTrackEpisodeView[];
  @ApiProperty({ type: 'integer', minimum: 0, description: 'All off-track episodes, beyond the 100 listed' })
  offTrackTotal!: number;
}

// ---- GET /episodes/:id/outcomes ----

export class OutcomePointView {
  @ApiProperty({ format: 'uuid' }) visitId!: string;
  @ApiProperty({ format: 'date-time' }) visitDate!: string;
  @ApiProperty({ type: 'integer', description: '0-based week of the episode' }) week!: number;
  @ApiProperty({ type: 'number' }) value!: number;
}

/** Baseline at the first signed visit with a value; latest, change and MCID need two. */
export class InstrumentOutcomeView {
  @ApiProperty({ type: 'number', nullable: true }) baseline!: number | null;
  @ApiProperty({ type: 'number', nullable: true }) latest!: number | null;
  @ApiProperty({ type: 'number', nullable: true, description: 'In the instrument’s better direction' })
  change!: number | null;
  @ApiProperty({ type: 'boolean', nullable: true }) mcidReached!: boolean | null;
  @ApiProperty({ type: [OutcomePointView], description: 'Signed values in visit order' })
  series!: OutcomePointView[];
}

/** Every instrument of the registry. */
export class EpisodeMeasuresView {}
perInstrument(EpisodeMeasuresView.prototype, InstrumentOutcomeView, false);

export class EpisodeOutcomesView {
  @ApiProperty({ format: 'uuid' }) episodeId!: string;
  @ApiProperty({ type: EpisodeMeasuresView }) measures!: Record<InstrumentCode, InstrumentOutcomeView>;
}
