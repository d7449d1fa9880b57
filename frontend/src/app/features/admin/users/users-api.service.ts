import { HttpClient, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { ClinicUserView, CreateUserDto, Page, UpdateUserDto } from '@stride/api';
import { EMPTY, expand, map, type Observable, reduce } from 'rxjs';

import { API_BASE } from '../../../core/api/api';
import { ifMatch } from '../admin-http';

export const USER_PAGE_SIZE = 50;
/** The API's largest page (SPEC §6), used to read every user for name look-ups. */
const ALL_PAGE_SIZE = 100;

/** `GET/POST /users`, `GET/PATCH /users/:id` (admins only). */
@Injectable({ providedIn: 'root' })
export class UsersApi {
  private readonly http = inject(HttpClient);

  list(page: number, pageSize = USER_PAGE_SIZE): Observable<Page<ClinicUserView>> {
    const params = new HttpParams().set('page', page).set('pageSize', pageSize);
    return this.http.get<Page<ClinicUserView>>(`${API_BASE}/users`, { params });
  }

  /** Every user of the clinic, by name (page after page of 100). */
  listAll(): Observable<ClinicUserView[]> {
    return this.list(1, ALL_PAGE_SIZE).pipe(
      expand((page) =>
        page.page * page.pageSize < page.total && page.items.length > 0
          ? this.list(page.page + 1, ALL_PAGE_SIZE)
          : EMPTY,
      ),
      map((page) => page.items),
      reduce((all, items) => [...all, ...items], [] as ClinicUserView[]),
    );
  }

  get(id: string): Observable<ClinicUserView> {
    return this.http.get<ClinicUserView>(`${API_BASE}/users/${encodeURIComponent(id)}`);
  }

  create(user: CreateUserDto): Observable<ClinicUserView> {
    return this.http.post<ClinicUserView>(`${API_BASE}/users`, user);
  }

  /** PATCH with `If-Match` on the version the admin saw. */
  update(user: Pick<ClinicUserView, 'id' | 'version'>, change: UpdateUserDto): Observable<ClinicUserView> {
    return this.http.patch<ClinicUserView>(`${API_BASE}/users/${encodeURIComponent(user.id)}`, change, {
      headers: ifMatch(user.version),
    });
  }
}
