import { catchError, map, type Observable, of, startWith } from 'rxjs';

import { generalErrorMessage, httpStatus } from './problem';

/** The state of one API read, for a template to show loading, the value or an error sentence. */
export type Loadable<T> =
  | { readonly state: 'loading' }
  | { readonly state: 'ready'; readonly value: T }
  | { readonly state: 'error'; readonly message: string; readonly status: number | null };

export const LOADING: Loadable<never> = { state: 'loading' };

/**
 * Wraps a read: `loading` first, then its value, or the error as a sentence for `role="alert"`
 * (the API's general message unless the caller asks for another, e.g. `problemSentence`, which
 * adds the field messages) with its HTTP status.
 */
export function loadable<T>(
  request: Observable<T>,
  message: (error: unknown) => string = generalErrorMessage,
): Observable<Loadable<T>> {
  return request.pipe(
    map((value): Loadable<T> => ({ state: 'ready', value })),
    catchError((error: unknown) => of(failed<T>(error, message))),
    startWith(LOADING),
  );
}

/** A read that failed: its sentence (the API's general message unless the caller gives one) and HTTP status. */
export function failed<T>(
  error: unknown,
  message: (error: unknown) => string = generalErrorMessage,
): Loadable<T> {
  return { state: 'error', message: message(error), status: httpStatus(error) };
}

/** The value when ready, else null. */
export function valueOf<T>(item: Loadable<T>): T | null {
  return item.state === 'ready' ? item.value : null;
}
