import { fromKm, KM_PER_MILE, round2, toKm } from './distance';
import {
  changedKeys,
  fieldsFromForm,
  fieldsFromVisit,
  formFromVisit,
  mergeForm,
  type NoteContext,
  patchFor,
  pickForm,
} from './note-fields';
import { aPrescription, aVisit, KM_CONTEXT } from './visit-note.testing';

const MI_CONTEXT: NoteContext = { ...KM_CONTEXT, timeZone: 'America/Denver', unit: 'mi' };

describe('note fields', () => {
  describe('formFromVisit / fieldsFromForm', () => {
    it('shows the visit on the clinic wall clock, in the clinic unit, with one control per instrument', () => {
      const visit = aVisit({
        visitDate: '2026-03-10T15:00:00.000Z',
        measurements: [{ instrument: 'nprs_activity', value: 6 }],
        running: { weeklyDistanceKm: 16.09, longestRunKm: null, runWalkRatio: '4:1' },
      });
      const form = formFromVisit(visit, MI_CONTEXT);
      expect(form.visitDate).toBe('2026-03-10T09:00'); // MDT from 8 March
      expect(form.measurements).toEqual({
        nprs_activity: 6,
        nprs_rest: null,
        nprs_worst_24h: null,
        lefs: null,
        psfs: null,
      });
      expect(form.running).toEqual({ weeklyDistance: 10, longestRun: null, runWalkRatio: '4:1' });
      expect(form.exercises[0]).toMatchObject({ name: 'Clamshell', load: 'red band', notes: '' });
    });

    it('normalises the way the API stores: trimmed text, blanks to null, no empty running object', () => {
      const form = formFromVisit(aVisit(), KM_CONTEXT);
      form.subjective = '  Feels better  ';
      form.plan = '   ';
      form.manualTherapy = [{ technique: 'dry_needling', region: ' TFL ', minutes: null, notes: '' }];
      form.running = { weeklyDistance: null, longestRun: null, runWalkRatio: '  ' };
      const fields = fieldsFromForm(form, KM_CONTEXT);
      expect(fields.subjective).toBe('Feels better');
      expect(fields.plan).toBeNull();
      expect(fields.manualTherapy).toEqual([
        { technique: 'dry_needling', region: 'TFL', minutes: null, notes: null },
      ]);
      expect(fields.running).toBeNull();
    });

    it('sends measurements in registry order and leaves out empty ones', () => {
      const form = formFromVisit(aVisit(), KM_CONTEXT);
      form.measurements.lefs = 50;
      form.measurements.nprs_activity = 3;
      expect(fieldsFromForm(form, KM_CONTEXT).measurements).toEqual([
        { instrument: 'nprs_activity', value: 3 },
        { instrument: 'lefs', value: 50 },
      ]);
    });

    it('converts miles to km with 2 decimals for the API', () => {
      const form = formFromVisit(aVisit(), MI_CONTEXT);
      form.running.weeklyDistance = 6.2;
      expect(fieldsFromForm(form, MI_CONTEXT).running?.weeklyDistanceKm).toBe(9.98);
    });
  });

  describe('changedKeys (form → PATCH diff)', () => {
    it('finds no change in a visit just loaded, whatever its seconds, order or unit rounding', () => {
      const visit = aVisit({
        visitDate: '2026-03-10T15:00:42.123Z',
        measurements: [
          { instrument: 'lefs', value: 48 },
          { instrument: 'nprs_activity', value: 6 },
        ],
        running: { weeklyDistanceKm: 13.57, longestRunKm: 5.01, runWalkRatio: null },
      });
      for (const ctx of [KM_CONTEXT, MI_CONTEXT]) {
        expect(
          changedKeys(fieldsFromVisit(visit, ctx), fieldsFromForm(formFromVisit(visit, ctx), ctx)),
        ).toEqual([]);
      }
    });

    it('names only the fields that changed, arrays whole', () => {
      const visit = aVisit();
      const form = formFromVisit(visit, KM_CONTEXT);
      form.exercises[0].load = 'green band';
      form.measurements.nprs_activity = 4;
      const base = fieldsFromVisit(visit, KM_CONTEXT);
      const current = fieldsFromForm(form, KM_CONTEXT);
      const keys = changedKeys(base, current);
      expect(keys).toEqual(['measurements', 'exercises']);
      expect(patchFor(current, keys)).toEqual({
        measurements: [{ instrument: 'nprs_activity', value: 4 }],
        exercises: [
          {
            exerciseId: aPrescription().exerciseId,
            sets: 3,
            reps: 15,
            holdSeconds: null,
            load: 'green band',
            timesPerWeek: 3,
            notes: null,
          },
        ],
      });
    });

    it('treats trailing blanks typed mid-sentence as no change once saved', () => {
      const saved = aVisit({ subjective: 'Feels better' });
      const form = formFromVisit(saved, KM_CONTEXT);
      form.subjective = 'Feels better ';
      expect(changedKeys(fieldsFromVisit(saved, KM_CONTEXT), fieldsFromForm(form, KM_CONTEXT))).toEqual([]);
    });

    it('clears a field with null', () => {
      const visit = aVisit({
        plan: 'Progress to hops',
        running: { weeklyDistanceKm: 10, longestRunKm: null, runWalkRatio: null },
      });
      const form = formFromVisit(visit, KM_CONTEXT);
      form.plan = '';
      form.running.weeklyDistance = null;
      const current = fieldsFromForm(form, KM_CONTEXT);
      const keys = changedKeys(fieldsFromVisit(visit, KM_CONTEXT), current);
      expect(patchFor(current, keys)).toEqual({ plan: null, running: null });
    });
  });

  describe('mergeForm / pickForm', () => {
    it('copies just the chosen fields, deeply', () => {
      const a = formFromVisit(aVisit({ subjective: 'A', plan: 'A' }), KM_CONTEXT);
      const b = formFromVisit(aVisit({ subjective: 'B', plan: 'B' }), KM_CONTEXT);
      const merged = mergeForm(a, pickForm(b, ['plan', 'exercises']), ['plan', 'exercises']);
      expect(merged.subjective).toBe('A');
      expect(merged.plan).toBe('B');
      merged.exercises[0].sets = 9;
      expect(b.exercises[0].sets).toBe(3);
    });
  });
});

describe('distance units', () => {
  it('converts with the international mile and 2 decimals', () => {
    expect(KM_PER_MILE).toBe(1.609344);
    expect(toKm(10, 'mi')).toBe(16.09);
    expect(fromKm(16.09, 'mi')).toBe(10);
    expect(toKm(12.345, 'km')).toBe(12.35);
    expect(fromKm(null, 'mi')).toBeNull();
    expect(toKm(Number.NaN, 'km')).toBeNull();
  });

  it('rounds half up without float residue', () => {
    expect(round2(1.005)).toBe(1.01);
    expect(round2(8.395)).toBe(8.4);
  });

  it('shows the same miles again after a value is saved in km (no drift between saves)', () => {
    for (let hundredths = 0; hundredths <= 5000; hundredths += 7) {
      const shown = fromKm(hundredths / 100, 'mi');
      expect(fromKm(toKm(shown, 'mi'), 'mi')).toBe(shown);
    }
  });
});
