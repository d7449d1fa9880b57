import { HttpClient, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { ClinicUserView, CreateUserDto, Page, UpdateUserDto } from '@stride/api';
import { EMPTY, expand, map, type Observable, reduce } from 'rxjs';

import { API_BASE } from './api';
import { ifMatch } from './if-match';
import { LARGEST_PAGE } from './page';

export const USER_PAGE_SIZE = 50;

export type TherapistOption = Pick<ClinicUserView, 'id' | 'fullName' | 'active'>;

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
    return this.list(1, LARGEST_PAGE).pipe(
      expand((page) =>
        page.page * page.pageSize < page.total && page.items.length > 0
          ? this.list(page.page + 1, LARGEST_PAGE)
          : EMPTY,
      ),
      map((page) => page.items),
      reduce((all, items) => [...all, ...items], [] as ClinicUserView[]),
    );
  }

  /** The clinic's therapists (a handful: the first page of 100), for a filter. */
  therapists(): Observable<TherapistOption[]> {
    return this.http
      .get<Page<ClinicUserView>>(`${API_BASE}/users`, { params: { pageSize: LARGEST_PAGE } })
      .pipe(
        map((page) =>
          page.items
            .filter((u) => u.roles.includes('therapist'))
            .map(({ id, fullName, active }) => ({ id, fullName, active })),
        ),
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
