import { FormControl, Validators } from '@angular/forms';

import {
  buildNoteForm,
  controlError,
  exerciseGroup,
  manualTherapyGroup,
  serviceGroup,
  visitDateValidator,
} from './note-form';
import { TEST_INSTRUMENTS } from './visit-note.testing';

describe('note form', () => {
  const limits = {
    episodeStart: '2026-03-02',
    timeZone: 'America/Denver',
    unit: 'mi' as const,
    now: () => Date.parse('2026-03-10T18:00:00Z'),
  };

  it('validates measurements live with the instrument registry', () => {
    const form = buildNoteForm(TEST_INSTRUMENTS, limits);
    const pain = form.controls.measurements.controls.nprs_activity;
    pain.setValue(11);
    expect(controlError(pain)).toBe('Value must be a number from 0 to 10 in steps of 1.');
    pain.setValue(4.5);
    expect(pain.invalid).toBe(true);
    pain.setValue(4);
    expect(pain.valid).toBe(true);
    const psfs = form.controls.measurements.controls.psfs;
    psfs.setValue(4.2);
    expect(psfs.valid).toBe(true);
  });

  it('refuses visit dates in the future or before the episode starts (clinic calendar)', () => {
    const validate = visitDateValidator(limits);
    expect(validate(new FormControl('2026-03-10T10:00'))).toBeNull();
    expect(validate(new FormControl('2026-03-10T12:30'))).toEqual({
      future: 'The visit cannot be in the future.',
    });
    expect(Object.keys(validate(new FormControl('2026-03-01T23:30')) ?? {})).toEqual(['beforeStart']);
    expect(Object.keys(validate(new FormControl('')) ?? {})).toEqual(['required']);
  });

  it('needs reps or a hold on a prescribed exercise', () => {
    const row = exerciseGroup({
      exerciseId: 'x',
      name: 'Side plank',
      targets: [],
      instructions: '',
      sets: 3,
      reps: null,
      holdSeconds: null,
      load: '',
      timesPerWeek: 3,
      notes: '',
    });
    expect(controlError(row)).toBe('Enter reps, a hold time, or both.');
    row.controls.holdSeconds.setValue(30);
    expect(row.valid).toBe(true);
  });

  it('says what a required field needs (and keeps Angular’s required for the asterisk)', () => {
    const row = manualTherapyGroup();
    expect(controlError(row.controls.region)).toBe('Enter the region treated.');
    expect(row.controls.region.hasValidator(Validators.required)).toBe(true);
  });

  it('needs minutes on timed codes only', () => {
    expect(serviceGroup({ cptCode: '97110' }).hasError('minutesRequired')).toBe(true);
    expect(serviceGroup({ cptCode: '97161' }).valid).toBe(true);
    expect(controlError(serviceGroup({ cptCode: '12345' }).controls.cptCode)).toBe(
      'Choose a supported code.',
    );
  });

  it('checks distances in the clinic unit', () => {
    const form = buildNoteForm(TEST_INSTRUMENTS, limits);
    const weekly = form.controls.running.controls.weeklyDistance;
    weekly.setValue(12.345);
    expect(controlError(weekly)).toBe('Enter a distance from 0 to 621.37 with at most 2 decimals.');
    weekly.setValue(12.34);
    expect(weekly.valid).toBe(true);
    form.controls.running.controls.runWalkRatio.setValue('4-1');
    expect(controlError(form.controls.running.controls.runWalkRatio)).toBe(
      'Write it as run:walk minutes, e.g. 4:1.',
    );
  });
});
