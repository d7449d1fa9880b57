import { describe, expect, it } from '@jest/globals';
import {
  ConflictError,
  EpisodeClosedError,
  ForbiddenError,
  SignIncompleteError,
  VisitSignedError,
} from '../common/problems.js';
import {
  assertAddendumAllowed,
  assertComplete,
  assertEditable,
  assertSigner,
  FUTURE_TOLERANCE_MS,
  isInTheFuture,
  type VisitFacts,
  visitDateErrors,
} from './visit-rules.js';

const NOW = Date.parse('2026-03-10T12:00:00Z');
const ME = 'therapist-1';

function visit(over: Partial<VisitFacts> = {}): VisitFacts {
  return {
    status: 'draft',
    therapistId: ME,
    visitType: 'follow_up',
    visitDate: new Date(NOW - 3_600_000),
    measurements: [],
    ...over,
  };
}

describe(isInTheFuture.name, () => {
  it.each<[number, boolean]>([
    [-1, false],
    [0, false],
    [FUTURE_TOLERANCE_MS, false], // exactly the tolerance: still allowed
    [FUTURE_TOLERANCE_MS + 1, true],
  ])('now + %p ms: %p', (ahead, future) => {
    expect(isInTheFuture(new Date(NOW + ahead), NOW)).toBe(future);
  });

  it('allows five minutes', () => {
    expect(FUTURE_TOLERANCE_MS).toBe(5 * 60 * 1000);
  });
});

describe(visitDateErrors.name, () => {
  it('refuses a date beyond the tolerance, whatever its day', () => {
    expect(visitDateErrors(new Date(NOW + FUTURE_TOLERANCE_MS + 1), '2026-03-10', '2026-01-01', NOW)).toEqual(
      [{ field: 'visitDate', message: 'visitDate cannot be in the future' }],
    );
  });

  it.each<[string, string, number]>([
    ['2026-03-09', '2026-03-10', 1], // the day before the start
    ['2026-03-10', '2026-03-10', 0], // the start day itself
    ['2026-03-10', '2026-03-01', 0],
  ])('day %p, episode start %p: %p error(s)', (day, start, n) => {
    const errors = visitDateErrors(new Date(NOW - 1000), day, start, NOW);
    expect(errors).toHaveLength(n);
    if (n)
      expect(errors[0].message).toBe(`visitDate falls on ${day}, before the episode's start date ${start}`);
  });
});

describe(assertEditable.name, () => {
  it('refuses a signed visit before reading its episode', async () => {
    let read = false;
    await expect(
      assertEditable(visit({ status: 'signed' }), () => {
        read = true;
        return Promise.resolve({ status: 'active' });
      }),
    ).rejects.toBeInstanceOf(VisitSignedError);
    expect(read).toBe(false);
  });

  it.each(['discharged', 'cancelled'])('refuses a draft of a %s episode', async (status) => {
    await expect(assertEditable(visit(), () => Promise.resolve({ status }))).rejects.toBeInstanceOf(
      EpisodeClosedError,
    );
  });

  it('answers the episode of an editable draft', async () => {
    const episode = { status: 'active', id: 'e1' };
    await expect(assertEditable(visit(), () => Promise.resolve(episode))).resolves.toBe(episode);
  });
});

describe(assertSigner.name, () => {
  it('lets only the visit’s therapist sign', () => {
    expect(() => assertSigner(visit(), ME)).not.toThrow();
    expect(() => assertSigner(visit(), 'someone-else')).toThrow(ForbiddenError);
  });
});

describe(assertComplete.name, () => {
  const pain = [{ instrument: 'nprs_activity' }];

  it.each<[string, { instrument: string }[], boolean]>([
    ['initial_evaluation', [], false],
    ['initial_evaluation', [{ instrument: 'lefs' }], false],
    ['initial_evaluation', pain, true],
    ['discharge', [], false],
    ['discharge', pain, true],
    ['follow_up', [], true],
    ['re_evaluation', [], true],
  ])('%p with %j: signable %p', (visitType, measurements, ok) => {
    const check = () => assertComplete(visit({ visitType, measurements }), NOW);
    if (ok) expect(check).not.toThrow();
    else expect(check).toThrow(SignIncompleteError);
  });

  it('names the missing pain score', () => {
    expect(() => assertComplete(visit({ visitType: 'initial_evaluation' }), NOW)).toThrow(
      'A initial evaluation needs a pain score (nprs_activity) to be signed.',
    );
  });

  it('refuses a visit that has not happened yet, past the tolerance', () => {
    expect(() => assertComplete(visit({ visitDate: new Date(NOW + FUTURE_TOLERANCE_MS + 1) }), NOW)).toThrow(
      'A visit cannot be signed before it happens.',
    );
    expect(() =>
      assertComplete(visit({ visitDate: new Date(NOW + FUTURE_TOLERANCE_MS) }), NOW),
    ).not.toThrow();
  });
});

describe(assertAddendumAllowed.name, () => {
  it.each<[VisitFacts['status'], string, (new (...a: never[]) => Error) | null]>([
    ['signed', ME, null],
    ['signed', 'someone-else', ForbiddenError],
    ['draft', ME, ConflictError],
    ['draft', 'someone-else', ForbiddenError], // who first
  ])('%p visit, caller %p', (status, caller, error) => {
    const check = () => assertAddendumAllowed(visit({ status }), caller);
    if (error) expect(check).toThrow(error);
    else expect(check).not.toThrow();
  });
});
