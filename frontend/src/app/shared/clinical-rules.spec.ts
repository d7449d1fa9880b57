import { computeBilling, findInstrument, improvement, runningLoadFlags } from '@stride/clinical';

/**
 * The console computes live 8-minute-rule units, changes since baseline and the 10% running
 * flag with the API's own rules (`@stride/clinical`, libs/clinical), so the two never disagree.
 */
describe('clinical rules shared with the API', () => {
  it('bills with the 8-minute rule', () => {
    const billing = computeBilling([
      { cptCode: '97110', minutes: 33 },
      { cptCode: '97140', minutes: 7 },
    ]);
    expect(billing.totalUnits).toBe(3);
    expect(billing.lines.map((l) => l.units)).toEqual([2, 1]);
  });

  it('measures change in the instrument’s better direction', () => {
    const lefs = findInstrument('lefs');
    expect(lefs && improvement(lefs, 48, 60)).toBe(12);
  });

  it('flags a weekly distance rise over 10%', () => {
    expect(runningLoadFlags([{ weeklyDistanceKm: 10 }, { weeklyDistanceKm: 11.5 }])).toEqual([
      [],
      ['weekly_distance_over_10_percent'],
    ]);
  });
});
