import { HttpErrorResponse } from '@angular/common/http';
import { firstValueFrom, of, throwError, toArray } from 'rxjs';

import { LOADING, loadable, valueOf } from './loadable';
import { problemSentence } from './problem';

const problem = (status: number, body: object) =>
  new HttpErrorResponse({ status, error: body, headers: undefined, url: '/api/v1/x' });

describe('loadable', () => {
  it('starts loading, then holds the value', async () => {
    const states = await firstValueFrom(loadable(of(42)).pipe(toArray()));
    expect(states).toEqual([LOADING, { state: 'ready', value: 42 }]);
    expect(valueOf(states[1])).toBe(42);
    expect(valueOf(states[0])).toBeNull();
  });

  it('turns a failure into a sentence and its HTTP status', async () => {
    const states = await firstValueFrom(
      loadable(
        throwError(() => problem(404, { title: 'Not Found', status: 404, detail: 'No such patient.' })),
      ).pipe(toArray()),
    );
    expect(states[1]).toEqual({ state: 'error', message: 'No such patient.', status: 404 });
  });

  it('takes the caller’s sentence, e.g. with the field messages', async () => {
    const error = problem(400, {
      title: 'Bad Request',
      status: 400,
      detail: 'The request is not valid.',
      errors: [{ field: 'name', message: 'name must be shorter' }],
    });
    const [, state] = await firstValueFrom(
      loadable(
        throwError(() => error),
        problemSentence,
      ).pipe(toArray()),
    );
    expect(state).toEqual({ state: 'error', message: problemSentence(error), status: 400 });
    expect(problemSentence(error)).toContain('Name must be shorter.');
  });

  it('has no status for a failure that is not an HTTP answer', async () => {
    const [, state] = await firstValueFrom(loadable(throwError(() => new Error('boom'))).pipe(toArray()));
    expect(state).toMatchObject({ state: 'error', status: null });
  });
});
