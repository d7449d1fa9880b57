import { HttpHeaders, HttpResponse } from '@angular/common/http';

import { ifMatch, versionFromEtag, withEtagVersion } from './if-match';

describe('if-match', () => {
  it('quotes the version in If-Match', () => {
    expect(ifMatch(7).get('If-Match')).toBe('"7"');
  });

  it.each([
    ['"3"', 3],
    ['W/"12"', 12],
    [' "5" ', 5],
    ['4', 4],
    ['"abc"', null],
    ['', null],
    [null, null],
  ])('reads the version of ETag %p as %p', (etag, version) => {
    expect(versionFromEtag(etag)).toBe(version);
  });

  it('puts the ETag version on the body, or keeps the body’s own', () => {
    const body = { id: 'v1', version: 1 };
    const tagged = new HttpResponse({ body, headers: new HttpHeaders({ ETag: '"4"' }) });
    expect(withEtagVersion(tagged)).toEqual({ id: 'v1', version: 4 });
    expect(withEtagVersion(new HttpResponse({ body }))).toBe(body);
  });
});
