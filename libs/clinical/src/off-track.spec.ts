import { describe, expect, it } from '@jest/globals';
import {
  OFF_TRACK_REASONS,
  type OffTrackEpisode,
  type OffTrackFacts,
  offTrackFacts,
  offTrackReasons,
  type OffTrackVisit,
} from './off-track.js';

const visit = (date: string, nprsActivity: number | null = null): OffTrackVisit => ({ date, nprsActivity });

describe(offTrackFacts.name, () => {
  it.each<[string, OffTrackVisit[], OffTrackFacts]>([
    ['no signed visits', [], { signedVisits: 0, lastSignedDate: null, mcidByVisit3: false }],
    [
      'a drop of 2 at the 3rd visit',
      [visit('2026-03-02', 7), visit('2026-03-09', 6), visit('2026-03-16', 5)],
      { signedVisits: 3, lastSignedDate: '2026-03-16', mcidByVisit3: true },
    ],
    [
      'a drop of 2 at the 2nd visit only (before the 3rd)',
      [visit('2026-03-02', 7), visit('2026-03-09', 5), visit('2026-03-16', 6)],
      { signedVisits: 3, lastSignedDate: '2026-03-16', mcidByVisit3: false },
    ],
    [
      'a drop of 1 at the 3rd visit (below the MCID)',
      [visit('2026-03-02', 7), visit('2026-03-09', 7), visit('2026-03-16', 6)],
      { signedVisits: 3, lastSignedDate: '2026-03-16', mcidByVisit3: false },
    ],
    [
      'a baseline taken at the first visit that has a pain score',
      [visit('2026-03-02'), visit('2026-03-09', 8), visit('2026-03-16', 6)],
      { signedVisits: 3, lastSignedDate: '2026-03-16', mcidByVisit3: true },
    ],
    [
      'no pain scores at all',
      [visit('2026-03-02'), visit('2026-03-09'), visit('2026-03-16'), visit('2026-03-23')],
      { signedVisits: 4, lastSignedDate: '2026-03-23', mcidByVisit3: false },
    ],
    [
      'a later visit without a score does not undo the MCID',
      [visit('2026-03-02', 6), visit('2026-03-09', 6), visit('2026-03-16', 3), visit('2026-03-23')],
      { signedVisits: 4, lastSignedDate: '2026-03-23', mcidByVisit3: true },
    ],
  ])('%s', (_, visits, facts) => {
    expect(offTrackFacts(visits)).toEqual(facts);
  });
});

describe(offTrackReasons.name, () => {
  const episode: OffTrackEpisode = { status: 'active', startDate: '2026-03-02', plannedVisits: 4 };
  const facts = (
    signedVisits: number,
    lastSignedDate: string | null,
    mcidByVisit3 = false,
  ): OffTrackFacts => ({
    signedVisits,
    lastSignedDate,
    mcidByVisit3,
  });

  it.each<[string, OffTrackEpisode, OffTrackFacts, string, string[]]>([
    ['on track', episode, facts(2, '2026-03-09'), '2026-03-16', []],
    ['3 visits without the MCID', episode, facts(3, '2026-03-16'), '2026-03-16', ['no_mcid_by_visit_3']],
    ['3 visits with the MCID', episode, facts(3, '2026-03-16', true), '2026-03-16', []],
    ['exactly 8 weeks (56 days) in', episode, facts(2, '2026-04-20', true), '2026-04-27', []],
    ['57 days in', episode, facts(2, '2026-04-20', true), '2026-04-28', ['over_8_weeks']],
    ['as many visits as planned', episode, facts(4, '2026-03-23', true), '2026-03-23', []],
    [
      'more visits than planned',
      episode,
      facts(5, '2026-03-23', true),
      '2026-03-23',
      ['over_planned_visits'],
    ],
    ['14 days since the last visit', episode, facts(1, '2026-03-02'), '2026-03-16', []],
    ['15 days since the last visit', episode, facts(1, '2026-03-02'), '2026-03-17', ['no_visit_14_days']],
    ['15 days since the start with no visit', episode, facts(0, null), '2026-03-17', ['no_visit_14_days']],
    [
      'every reason at once, in their order',
      episode,
      facts(5, '2026-03-30'),
      '2026-05-01',
      ['no_mcid_by_visit_3', 'over_8_weeks', 'over_planned_visits', 'no_visit_14_days'],
    ],
    [
      'a discharged episode is never off track',
      { ...episode, status: 'discharged' },
      facts(5, null),
      '2027-01-01',
      [],
    ],
    [
      'a cancelled episode is never off track',
      { ...episode, status: 'cancelled' },
      facts(0, null),
      '2027-01-01',
      [],
    ],
  ])('%s', (_, ep, f, today, reasons) => {
    expect(offTrackReasons(ep, f, today)).toEqual(reasons);
  });

  it('names every reason it can give in OFF_TRACK_REASONS, in that order', () => {
    expect(offTrackReasons(episode, facts(5, '2026-03-30'), '2026-05-01')).toEqual([...OFF_TRACK_REASONS]);
  });
});
