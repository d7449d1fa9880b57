/**
 * A starting dose read from a library exercise's default dosage text, so adding an exercise is
 * usually one keystroke: "3 × 15 each side, 3×/week" → sets 3, reps 15, 3 times a week;
 * "3 × 20–30 s hold" → sets 3, hold 20 s; "60–90 s each side, daily" → hold 60 s, 7 times a week.
 * Anything it cannot read is left empty for the therapist.
 */
export interface Dose {
  sets: number | null;
  reps: number | null;
  holdSeconds: number | null;
  timesPerWeek: number | null;
}

export function doseFromDosage(dosage: string | null | undefined): Dose {
  const text = (dosage ?? '').replace(/\s+/g, ' ');
  const dose: Dose = { sets: null, reps: null, holdSeconds: null, timesPerWeek: null };

  const perWeek = /(\d+)(?:\s*[–-]\s*\d+)?\s*[×x]\s*\/\s*week/i.exec(text);
  if (perWeek) {
    dose.timesPerWeek = Number(perWeek[1]);
  } else if (/\bdaily\b/i.test(text)) {
    dose.timesPerWeek = 7;
  }

  // "3 × 15", "3 × 20–30 s", "3 × 20 m" (a distance: no reps).
  const setsBy = /(\d+)\s*[×x]\s*(\d+)(?:\s*[–-]\s*\d+)?\s*(s\b|sec|m\b)?/i.exec(text);
  if (setsBy && !/^\s*\//.test(text.slice(setsBy.index + setsBy[0].length))) {
    dose.sets = Number(setsBy[1]);
    const unit = setsBy[3]?.toLowerCase();
    if (unit === 's' || unit === 'sec') {
      dose.holdSeconds = Number(setsBy[2]);
    } else if (unit !== 'm') {
      dose.reps = Number(setsBy[2]);
    }
    if (dose.reps !== null && /(\d+)-second hold/i.test(text)) {
      dose.holdSeconds = Number(/(\d+)-second hold/i.exec(text)?.[1]);
    }
    return clamp(dose);
  }
  const hold = /^(\d+)(?:\s*[–-]\s*\d+)?\s*s\b/i.exec(text.trim());
  if (hold) {
    dose.holdSeconds = Number(hold[1]);
  }
  return clamp(dose);
}

/** Keeps a parsed dose inside the API's ranges (sets 1–20, reps 1–500, hold 1–900 s, 1–21/week). */
function clamp(dose: Dose): Dose {
  const within = (v: number | null, max: number) => (v !== null && v >= 1 && v <= max ? v : null);
  return {
    sets: within(dose.sets, 20),
    reps: within(dose.reps, 500),
    holdSeconds: within(dose.holdSeconds, 900),
    timesPerWeek: within(dose.timesPerWeek, 21),
  };
}
