import type { AnalyticsView as OutcomesAnalytics } from '@stride/api';

/** An analytics answer for specs: two therapists, a few weeks of pain, two off-track episodes. */
export function anAnalytics(overrides: Partial<OutcomesAnalytics> = {}): OutcomesAnalytics {
  return {
    episodes: { total: 12, active: 4, discharged: 7, cancelled: 1 },
    visitsPerDischargedEpisode: { mean: 3.4285714285714284, median: 3 },
    weeksToDischarge: { mean: 5.346938775510204, median: 5.142857142857143 },
    measures: {
      nprs_activity: {
        episodes: 9,
        meanBaseline: 6.8,
        meanLatest: 2.1,
        meanChange: 4.7,
        mcidRate: 0.7777777777777778,
      },
      nprs_rest: null,
      nprs_worst_24h: null,
      lefs: { episodes: 8, meanBaseline: 48.5, meanLatest: 63.25, meanChange: 14.75, mcidRate: 0.625 },
      psfs: null,
    },
    byTherapist: [
      { therapistId: 't-2', fullName: 'Maya Okafor, DPT', episodes: 7, mcidRate: 0.8, meanVisits: 3.25 },
      {
        therapistId: 't-1',
        fullName: 'Liam Brennan, PT',
        episodes: 4,
        mcidRate: 0.75,
        meanVisits: 3.6666666666666665,
      },
    ],
    painByWeek: [
      { week: 0, mean: 6.75, n: 12 },
      { week: 1, mean: 5.2, n: 5 },
      { week: 3, mean: 3.5, n: 8 },
      { week: 6, mean: 1.8571428571428572, n: 7 },
    ],
    visitCountDistribution: [
      { visits: 3, episodes: 4 },
      { visits: 4, episodes: 2 },
      { visits: 6, episodes: 1 },
    ],
    offTrack: [
      {
        episodeId: 'e-1',
        patientId: 'p-1',
        patientName: 'Ava Alvarez',
        therapistId: 't-1',
        reasons: ['no_mcid_by_visit_3', 'over_8_weeks'],
      },
      {
        episodeId: 'e-2',
        patientId: 'p-2',
        patientName: 'Ben Brennan',
        therapistId: 't-9',
        reasons: ['no_visit_14_days'],
      },
    ],
    offTrackTotal: 2,
    ...overrides,
  };
}

/** Nothing starts in the period; off-track episodes may still be listed (whatever the period). */
export function anEmptyAnalytics(overrides: Partial<OutcomesAnalytics> = {}): OutcomesAnalytics {
  return anAnalytics({
    episodes: { total: 0, active: 0, discharged: 0, cancelled: 0 },
    visitsPerDischargedEpisode: { mean: null, median: null },
    weeksToDischarge: { mean: null, median: null },
    measures: { nprs_activity: null, nprs_rest: null, nprs_worst_24h: null, lefs: null, psfs: null },
    byTherapist: [],
    painByWeek: [],
    visitCountDistribution: [],
    offTrack: [],
    offTrackTotal: 0,
    ...overrides,
  });
}
