import type { Router, UrlTree } from '@angular/router';

/** Why the user is shown the sign-in page; the page explains it. */
export type SignInReason = 'idle' | 'expired';

const AUTH_PAGES = ['/sign-in', '/sign-up'];

/** `/sign-in?returnUrl=…` (plus an optional reason), never returning to the auth pages themselves. */
export function signInUrl(router: Router, returnUrl?: string, reason?: SignInReason): UrlTree {
  const queryParams: Record<string, string> = {};
  const target = returnUrl ? safeReturnUrl(returnUrl) : '/';
  if (target !== '/' && !AUTH_PAGES.some((page) => target.startsWith(page))) {
    queryParams.returnUrl = target;
  }
  if (reason) {
    queryParams.reason = reason;
  }
  return router.createUrlTree(['/sign-in'], { queryParams });
}

/** Only paths inside the console are followed after sign-in (no `//host` or `https://…`). */
export function safeReturnUrl(returnUrl: string | null | undefined): string {
  if (!returnUrl?.startsWith('/') || returnUrl.startsWith('//') || returnUrl.startsWith('/\\')) {
    return '/';
  }
  return returnUrl;
}
