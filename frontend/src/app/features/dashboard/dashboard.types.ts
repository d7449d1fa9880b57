import type { InstrumentCode, OffTrackReason } from '@stride/api';

/**
 * `GET /api/v1/analytics/outcomes` (SPEC §4 and §5). Declared here until the backend exports
 * its analytics DTOs through `@stride/api`. Means, medians and rates are unrounded; the console
 * rounds for display.
 */
export interface OutcomesAnalytics {
  episodes: { total: number; active: number; discharged: number; cancelled: number };
  visitsPerDischargedEpisode: MeanMedian;
  weeksToDischarge: MeanMedian;
  measures: Record<InstrumentCode, MeasureSummary | null>;
  byTherapist: TherapistOutcomes[];
  painByWeek: PainWeek[];
  visitCountDistribution: VisitCountBucket[];
  /** At most 100 rows, oldest start first; active episodes whatever the date filter. */
  offTrack: OffTrackEpisode[];
  offTrackTotal: number;
}

export interface MeanMedian {
  mean: number | null;
  median: number | null;
}

/** Over the episodes with a defined change of the instrument. */
export interface MeasureSummary {
  episodes: number;
  meanBaseline: number | null;
  meanLatest: number | null;
  meanChange: number | null;
  /** A fraction 0–1. */
  mcidRate: number | null;
}

export interface TherapistOutcomes {
  therapistId: string;
  fullName: string;
  /** All statuses but cancelled. */
  episodes: number;
  /** As `measures.nprs_activity.mcidRate`, over their episodes; a fraction 0–1. */
  mcidRate: number | null;
  /** Signed visits per discharged episode. */
  meanVisits: number | null;
}

export interface PainWeek {
  /** 0-based; the console shows week + 1. */
  week: number;
  /** Mean `nprs_activity` of the signed visits in that week. */
  mean: number;
  /** How many values the mean is over. */
  n: number;
}

export interface VisitCountBucket {
  visits: number;
  episodes: number;
}

export interface OffTrackEpisode {
  episodeId: string;
  patientId: string;
  patientName: string;
  therapistId: string;
  reasons: OffTrackReason[];
}

/** The query of `GET /analytics/outcomes` and `…/outcomes.csv`, as the dashboard sends it. */
export interface OutcomesFilters {
  /** Inclusive calendar dates, `YYYY-MM-DD`. */
  from: string;
  to: string;
  therapistId: string | null;
  /** An ICD-10 prefix, e.g. `M76`. */
  diagnosis: string | null;
}
