import { catchError, map, type Observable, of, startWith } from 'rxjs';

import { httpStatus, problemSentence } from './admin-http';

/** The state of one API read, for a template to show loading, the value or an error sentence. */
export type Loadable<T> =
  | { readonly state: 'loading' }
  | { readonly state: 'ready'; readonly value: T }
  | { readonly state: 'error'; readonly message: string; readonly status: number | null };

export const LOADING: Loadable<never> = { state: 'loading' };

/** Wraps a read: `loading` first, then its value, or the API's own sentence (field messages too). */
export function loadable<T>(request: Observable<T>): Observable<Loadable<T>> {
  return request.pipe(
    map((value): Loadable<T> => ({ state: 'ready', value })),
    catchError((error: unknown) =>
      of<Loadable<T>>({ state: 'error', message: problemSentence(error), status: httpStatus(error) }),
    ),
    startWith(LOADING),
  );
}
