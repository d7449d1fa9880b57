import { doseText } from './home-program-format';

describe(doseText.name, () => {
  const none = { sets: null, reps: null, holdSeconds: null, load: null, timesPerWeek: null };

  it.each([
    [
      { sets: 3, reps: 15, load: 'blue band', timesPerWeek: 3 },
      '3 sets × 15 reps · blue band · 3 times a week',
    ],
    [{ sets: 3, holdSeconds: 30, timesPerWeek: 3 }, '3 sets · hold 30 s · 3 times a week'],
    [{ sets: 1, reps: 1, timesPerWeek: 1 }, '1 set × 1 rep · once a week'],
    [{ reps: 12 }, '12 reps'],
    [{ holdSeconds: 45 }, 'hold 45 s'],
    [{}, null],
  ])('%j → %s', (dose, text) => {
    expect(doseText({ ...none, ...dose })).toBe(text);
  });
});
