import { HttpHeaders, type HttpResponse } from '@angular/common/http';

/**
 * Optimistic concurrency on the wire, in one place: every PATCH, sign, discharge and cancel sends
 * `If-Match: "<version>"` (the API answers 428 without it and 412 when it is stale), and a read of
 * a versioned resource takes its version from the `ETag` the API sent.
 */
export function ifMatch(version: number): HttpHeaders {
  return new HttpHeaders({ 'If-Match': `"${version}"` });
}

/** The version an `ETag: "<n>"` names (a weak `W/` prefix is ignored), or null. */
export function versionFromEtag(etag: string | null): number | null {
  const m = /^(?:W\/)?"?(\d+)"?$/.exec((etag ?? '').trim());
  return m ? Number(m[1]) : null;
}

/** The body with the version its ETag named (the body's own `version` when the header is missing). */
export function withEtagVersion<T extends { version: number }>(response: HttpResponse<T>): T {
  const body = response.body!;
  const version = versionFromEtag(response.headers.get('ETag'));
  return version === null ? body : { ...body, version };
}
