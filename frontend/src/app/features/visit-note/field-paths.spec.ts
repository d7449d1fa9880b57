import { TestBed } from '@angular/core/testing';

import { SERVER_ERROR } from '../../shared/problem';
import { controlPathFor, fieldKeyOf } from './field-paths';
import { formFromVisit, type NotePatch } from './note-fields';
import { applyNoteFieldErrors, blockedKeys, buildNoteForm, controlError, setNoteForm } from './note-form';
import { aVisit, KM_CONTEXT, TEST_INSTRUMENTS } from './visit-note.testing';

describe('field paths', () => {
  const sent: NotePatch = {
    measurements: [
      { instrument: 'nprs_activity', value: 3 },
      { instrument: 'lefs', value: 99 },
    ],
  };

  describe('controlPathFor', () => {
    it.each([
      ['visitDate', 'visitDate'],
      ['subjective', 'subjective'],
      ['measurements[1].value', 'measurements.lefs'],
      ['measurements[0].instrument', 'measurements.nprs_activity'],
      ['manualTherapy[2].region', 'manualTherapy.2.region'],
      ['exercises[1].exerciseId', 'exercises.1'],
      ['exercises[0].reps', 'exercises.0.reps'],
      ['services[0].minutes', 'services.0.minutes'],
      ['services[3]', 'services.3'],
      ['running.weeklyDistanceKm', 'running.weeklyDistance'],
      ['running.runWalkRatio', 'running.runWalkRatio'],
    ])('maps %s to %s', (field, path) => {
      expect(controlPathFor(field, sent)).toBe(path);
    });

    it('finds the instrument a sign error names', () => {
      expect(controlPathFor('measurements', null, 'nprs_activity is required to sign this visit type')).toBe(
        'measurements.nprs_activity',
      );
    });

    it('gives null when nothing matches', () => {
      expect(controlPathFor('measurements[5].value', sent)).toBeNull();
      expect(controlPathFor('If-Match', sent)).toBeNull();
      expect(controlPathFor('exercises[0].name', sent)).toBe('exercises.0');
    });
  });

  it('names the top-level field of a path', () => {
    expect(fieldKeyOf('services[0].minutes')).toBe('services');
    expect(fieldKeyOf('running.weeklyDistanceKm')).toBe('running');
    expect(fieldKeyOf('If-Match')).toBeNull();
  });

  describe('applyNoteFieldErrors', () => {
    it('puts API messages on the controls, which then hold their field back until changed', () => {
      TestBed.configureTestingModule({});
      const form = buildNoteForm(TEST_INSTRUMENTS, {
        episodeStart: '2026-03-02',
        timeZone: 'UTC',
        unit: 'km',
      });
      const value = formFromVisit(aVisit(), KM_CONTEXT);
      value.manualTherapy = [{ technique: 'other', region: 'Hip', minutes: 5, notes: '' }];
      setNoteForm(form, value);
      const unmatched = applyNoteFieldErrors(
        form,
        [
          { field: 'manualTherapy[0].region', message: 'region is too vague' },
          { field: 'exercises[0].exerciseId', message: 'exerciseId is not in the exercise library' },
          { field: 'clinic', message: 'something general' },
        ],
        null,
      );
      expect(unmatched).toEqual([{ field: 'clinic', message: 'something general' }]);
      const region = form.get('manualTherapy.0.region')!;
      expect(region.getError(SERVER_ERROR)).toBe('Region is too vague.');
      expect(region.touched).toBe(true);
      expect(controlError(form.get('exercises.0'))).toBe('The exercise is not in the exercise library.');
      expect([...blockedKeys(form)]).toEqual(['manualTherapy', 'exercises']);

      region.setValue('TFL / lateral hip');
      expect(controlError(region)).toBeNull();
      expect(blockedKeys(form).has('manualTherapy')).toBe(false);
    });
  });
});
