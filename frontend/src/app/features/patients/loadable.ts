import { catchError, map, type Observable, of, startWith } from 'rxjs';

import { generalErrorMessage } from '../../shared/problem';

/** The state of one API read, for a template to show loading, the value or an error sentence. */
export type Loadable<T> =
  | { readonly state: 'loading' }
  | { readonly state: 'ready'; readonly value: T }
  | { readonly state: 'error'; readonly message: string; readonly status: number | null };

export const LOADING: Loadable<never> = { state: 'loading' };

/** Wraps a request: `loading` first, then its value or the error as a sentence for `role="alert"`. */
export function loadable<T>(request: Observable<T>): Observable<Loadable<T>> {
  return request.pipe(
    map((value): Loadable<T> => ({ state: 'ready', value })),
    catchError((error: unknown) =>
      of<Loadable<T>>({ state: 'error', message: generalErrorMessage(error), status: statusOf(error) }),
    ),
    startWith(LOADING),
  );
}

/** The value when ready, else null. */
export function valueOf<T>(item: Loadable<T>): T | null {
  return item.state === 'ready' ? item.value : null;
}

function statusOf(error: unknown): number | null {
  return typeof error === 'object' && error !== null && 'status' in error && typeof error.status === 'number'
    ? error.status
    : null;
}
