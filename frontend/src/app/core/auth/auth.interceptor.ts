import {
  HttpErrorResponse,
  type HttpEvent,
  type HttpInterceptorFn,
  type HttpRequest,
} from '@angular/common/http';
import { inject } from '@angular/core';
import { Router } from '@angular/router';
import { catchError, type Observable, switchMap, throwError } from 'rxjs';

import { API_BASE } from '../api/api';
import { AuthService, SessionEndedError } from './auth.service';
import { signInUrl } from './sign-in-redirect';

/** Refresh before sending when the token has less than this left, rather than collect a 401. */
export const REFRESH_MARGIN_MS = 30_000;

const AUTH_ENDPOINTS = `${API_BASE}/auth/`;

/**
 * Adds `Authorization: Bearer` to API calls. When the API answers 401 (the token expired), it
 * refreshes once — concurrent failures share that refresh — and retries; when the refresh fails
 * too, the session is over and the user is sent to sign in again.
 */
export const authInterceptor: HttpInterceptorFn = (request, next) => {
  if (!isApiRequest(request.url)) {
    return next(request);
  }
  const auth = inject(AuthService);
  const token = auth.accessToken();
  if (request.url.startsWith(AUTH_ENDPOINTS)) {
    return next(withBearer(request, token));
  }

  const router = inject(Router);
  const refreshThenSend = (originalError?: HttpErrorResponse): Observable<HttpEvent<unknown>> =>
    auth.refresh().pipe(
      catchError((refreshError: unknown) => {
        // A SessionEndedError means the user signed out meanwhile (idle sign-out), which navigated.
        if (!(refreshError instanceof SessionEndedError)) {
          void router.navigateByUrl(signInUrl(router, router.url, token ? 'expired' : undefined));
        }
        return throwError(() => originalError ?? refreshError);
      }),
      switchMap((freshToken) => next(withBearer(request, freshToken))),
    );

  if (token && auth.expiresWithin(REFRESH_MARGIN_MS)) {
    return refreshThenSend();
  }
  return next(withBearer(request, token)).pipe(
    catchError((error: unknown) => {
      if (!(error instanceof HttpErrorResponse) || error.status !== 401) {
        return throwError(() => error);
      }
      const current = auth.accessToken();
      if (current && current !== token) {
        // Another request refreshed the session while this one was on its way: just retry.
        return next(withBearer(request, current));
      }
      return refreshThenSend(error);
    }),
  );
};

function isApiRequest(url: string): boolean {
  return url.startsWith('/api/');
}

function withBearer(request: HttpRequest<unknown>, token: string | null): HttpRequest<unknown> {
  return token ? request.clone({ setHeaders: { Authorization: `Bearer ${token}` } }) : request;
}
