import { signFailure } from './note-results';

const problem = (status: number, extra: object = {}) => ({
  type: 'https://stride.invalid/problems/x',
  title: 't',
  status,
  ...extra,
});

describe(signFailure.name, () => {
  it('422: incomplete, with the API’s sentence and its field errors', () => {
    const errors = [{ field: 'assessment', message: 'assessment is required to sign' }];
    expect(signFailure(422, problem(422, { detail: 'Missing content.', errors }), 'general')).toEqual({
      kind: 'incomplete',
      reason: 'Missing content.',
      errors,
    });
    expect(signFailure(422, null, 'general')).toEqual({
      kind: 'incomplete',
      reason: 'This note cannot be signed yet.',
      errors: [],
    });
  });

  it('403: forbidden', () => {
    expect(signFailure(403, null, 'general')).toEqual({
      kind: 'forbidden',
      reason: 'Only the therapist who created this visit can sign it.',
    });
  });

  it('412: stale, compared first', () => {
    expect(signFailure(412, problem(412), 'general').kind).toBe('stale');
  });

  it('409 visit-signed: already signed; another 409 is a plain failure', () => {
    expect(
      signFailure(409, problem(409, { type: 'https://stride.invalid/problems/visit-signed' }), 'general'),
    ).toEqual({ kind: 'already-signed', reason: 'This note is already signed.' });
    expect(signFailure(409, problem(409), 'general')).toEqual({ kind: 'failed', reason: 'general' });
  });

  it('anything else: the general sentence', () => {
    expect(signFailure(0, null, 'Stride cannot be reached.')).toEqual({
      kind: 'failed',
      reason: 'Stride cannot be reached.',
    });
  });
});
