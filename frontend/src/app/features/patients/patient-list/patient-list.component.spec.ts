import { provideHttpClient } from '@angular/common/http';
import {
  HttpTestingController,
  provideHttpClientTesting,
  type TestRequest,
} from '@angular/common/http/testing';
import { Component, signal } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';

import { aUser } from '../../../../testing/fixtures';
import type { UserView as User } from '@stride/api';
import { AuthService } from '../../../core/auth/auth.service';
import { PatientSearchState } from '../patient-search.state';
import { aPage, aPatient } from '../patients.fixtures';
import { RecentPatientsService } from '../recent-patients.service';
import { PatientListComponent, SEARCH_DEBOUNCE_MS } from './patient-list.component';

@Component({ template: 'chart' })
class ChartStubComponent {}

describe(PatientListComponent.name, () => {
  let backend: HttpTestingController;
  let fixture: ComponentFixture<PatientListComponent>;
  let user: ReturnType<typeof signal<User | null>>;

  beforeEach(() => {
    jest.useFakeTimers();
    user = signal<User | null>(aUser({ roles: ['therapist'] }));
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([{ path: '**', component: ChartStubComponent }]),
        { provide: AuthService, useValue: { user } },
      ],
    });
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    backend.verify();
    jest.useRealTimers();
  });

  function render(): HTMLElement {
    fixture = TestBed.createComponent(PatientListComponent);
    fixture.detectChanges();
    return fixture.nativeElement as HTMLElement;
  }

  function update(): void {
    fixture.detectChanges();
  }

  function search(page: HTMLElement, text: string): void {
    const input = page.querySelector<HTMLInputElement>('input[type="search"]')!;
    input.value = text;
    input.dispatchEvent(new Event('input'));
  }

  function expectList(q: string | null, pageNumber = 1): TestRequest {
    const request = backend.expectOne((r) => r.url === '/api/v1/patients');
    expect(request.request.params.get('q')).toBe(q);
    expect(request.request.params.get('page')).toBe(String(pageNumber));
    expect(request.request.params.get('pageSize')).toBe('25');
    return request;
  }

  function rows(page: HTMLElement): string[][] {
    return Array.from(page.querySelectorAll('tbody tr'), (row) =>
      Array.from(row.children, (cell) => cell.textContent.replace(/\s+/g, ' ').trim()),
    );
  }

  function status(page: HTMLElement): string {
    return page.querySelector('[role="status"]')!.textContent.replace(/\s+/g, ' ').trim();
  }

  describe('listing', () => {
    it('leaves archived patients out unless asked, then shows them with a badge', () => {
      const page = render();
      const first = expectList(null);
      expect(first.request.params.has('archived')).toBe(false);
      first.flush(aPage([aPatient()]));
      update();

      page.querySelector<HTMLInputElement>('.archived-toggle input')!.click();
      update();
      const withArchived = expectList(null);
      expect(withArchived.request.params.get('archived')).toBe('true');
      withArchived.flush(
        aPage([
          aPatient(),
          aPatient({ id: 'p-9', mrn: 'P-000009', lastName: 'Baker', archivedAt: '2026-02-01T10:00:00Z' }),
        ]),
      );
      update();
      expect(rows(page).map((row) => row[0])).toEqual(['Alvarez, Ava', 'Baker, Ava Archived']);
    });

    it('lists every patient at first, ordered as the API answers, with age and sex', () => {
      jest.setSystemTime(new Date('2026-11-24T12:00:00Z'));
      const page = render();
      expect(status(page)).toBe('Searching…');

      expectList(null).flush(
        aPage([
          aPatient(),
          aPatient({ id: 'p-2', mrn: 'P-000002', firstName: 'Ben', lastName: 'Brennan', sex: 'male' }),
        ]),
      );
      update();

      expect(status(page)).toBe('2 patients');
      expect(rows(page)).toEqual([
        ['Alvarez, Ava', 'P-000001', 'Jun 15, 1990 (36 y)', 'Female'],
        ['Brennan, Ben', 'P-000002', 'Jun 15, 1990 (36 y)', 'Male'],
      ]);
    });

    it('links each row to the chart, so Tab and Enter open it', () => {
      const page = render();
      expectList(null).flush(aPage([aPatient()]));
      update();

      const link = page.querySelector<HTMLAnchorElement>('tbody a')!;
      expect(link.getAttribute('href')).toBe('/patients/p-1');
      expect(link.textContent.trim()).toBe('Alvarez, Ava');
    });

    it('starts in the search box', () => {
      const page = render();
      expectList(null).flush(aPage([]));
      update();
      expect(document.activeElement).toBe(page.querySelector('input[type="search"]'));
    });

    it('shows an API failure as an alert', () => {
      const page = render();
      expectList(null).flush(null, { status: 500, statusText: 'Server Error' });
      update();
      expect(page.querySelector('[role="alert"]')!.textContent).toContain(
        'The patient list could not be loaded. Stride could not complete that just now.',
      );
    });
  });

  describe('search as you type', () => {
    it('waits for a pause in typing before asking the API', () => {
      const page = render();
      expectList(null).flush(aPage([aPatient()]));

      search(page, 'a');
      jest.advanceTimersByTime(100);
      search(page, 'al');
      jest.advanceTimersByTime(SEARCH_DEBOUNCE_MS - 1);
      backend.expectNone('/api/v1/patients?page=1&pageSize=25&q=al');
      backend.expectNone((r) => r.url === '/api/v1/patients');

      jest.advanceTimersByTime(1);
      expectList('al').flush(aPage([aPatient()]));
      update();
      expect(status(page)).toBe('1 patient matches “al”');
    });

    it('cancels a search still in flight when a newer one starts', () => {
      const page = render();
      expectList(null).flush(aPage([aPatient()]));

      search(page, 'alv');
      jest.advanceTimersByTime(SEARCH_DEBOUNCE_MS);
      const stale = expectList('alv');

      search(page, 'bren');
      jest.advanceTimersByTime(SEARCH_DEBOUNCE_MS);
      const fresh = expectList('bren');

      expect(stale.cancelled).toBe(true);
      fresh.flush(aPage([aPatient({ id: 'p-2', firstName: 'Ben', lastName: 'Brennan' })]));
      update();
      expect(rows(page).map((r) => r[0])).toEqual(['Brennan, Ben']);
    });

    it('ignores spaces and does not ask again for the same search', () => {
      const page = render();
      expectList(null).flush(aPage([]));

      search(page, ' ava ');
      jest.advanceTimersByTime(SEARCH_DEBOUNCE_MS);
      expectList('ava').flush(aPage([aPatient()]));

      search(page, 'ava');
      jest.advanceTimersByTime(SEARCH_DEBOUNCE_MS);
      backend.expectNone((r) => r.url === '/api/v1/patients');
    });

    it('says when nothing matches, naming the search', () => {
      const page = render();
      expectList(null).flush(aPage([aPatient()]));
      search(page, 'zz');
      jest.advanceTimersByTime(SEARCH_DEBOUNCE_MS);
      expectList('zz').flush(aPage([]));
      update();
      expect(status(page)).toBe('No patients match “zz”.');
      expect(page.querySelector('table')).toBeNull();
    });

    it('searches at once on Enter, and opens the chart when one patient matches', async () => {
      const page = render();
      expectList(null).flush(aPage([aPatient(), aPatient({ id: 'p-2' })]));

      search(page, 'P-000001');
      page.querySelector('form')!.dispatchEvent(new Event('submit'));
      expectList('P-000001').flush(aPage([aPatient()]));
      update();

      page.querySelector('form')!.dispatchEvent(new Event('submit'));
      await jest.runAllTimersAsync();
      expect(TestBed.inject(Router).url).toBe('/patients/p-1');
    });

    it('remembers the search for the next visit to the list (in memory)', () => {
      const page = render();
      expectList(null).flush(aPage([]));
      search(page, 'ava');
      jest.advanceTimersByTime(SEARCH_DEBOUNCE_MS);
      expectList('ava').flush(aPage([aPatient()]));
      fixture.destroy();

      expect(TestBed.inject(PatientSearchState).q()).toBe('ava');
      const again = render();
      expect(again.querySelector<HTMLInputElement>('input[type="search"]')!.value).toBe('ava');
      expectList('ava').flush(aPage([aPatient()]));
    });
  });

  describe('paging', () => {
    const many = Array.from({ length: 25 }, (_, i) => aPatient({ id: `p-${i}` }));

    it('pages through the results of the search, and a new search starts on page 1', () => {
      const page = render();
      expectList(null).flush(aPage(many, 60));
      update();
      expect(page.querySelector('mat-paginator')!.textContent).toContain('1 – 25 of 60');

      page.querySelector<HTMLButtonElement>('button.mat-mdc-paginator-navigation-next')!.click();
      expectList(null, 2).flush(aPage(many, 60, 2));
      update();
      expect(page.querySelector('mat-paginator')!.textContent).toContain('26 – 50 of 60');

      search(page, 'a');
      jest.advanceTimersByTime(SEARCH_DEBOUNCE_MS);
      expectList('a', 1).flush(aPage(many.slice(0, 3)));
    });

    it('hides the pager when one page holds every match', () => {
      const page = render();
      expectList(null).flush(aPage(many.slice(0, 3)));
      update();
      expect(page.querySelector('mat-paginator')).toBeNull();
    });
  });

  describe('recent patients and New patient', () => {
    it('shows the charts opened last, one click away', () => {
      TestBed.inject(RecentPatientsService).record(
        aPatient({ id: 'p-9', firstName: 'Zoë', lastName: 'Zimmermann', mrn: 'P-000044' }),
      );
      const page = render();
      expectList(null).flush(aPage([]));
      update();

      const recent = page.querySelector('nav[aria-labelledby="recent-patients-title"]')!;
      expect(recent.querySelector('a')!.getAttribute('href')).toBe('/patients/p-9');
      expect(recent.textContent).toContain('Zimmermann, Zoë');
    });

    it('offers New patient to therapists', () => {
      const page = render();
      expectList(null).flush(aPage([]));
      update();
      expect(page.querySelector('a[href="/patients/new"]')).not.toBeNull();
    });

    it('explains why New patient is unavailable without the therapist role', () => {
      user.set(aUser({ roles: ['admin'] }));
      const page = render();
      expectList(null).flush(aPage([]));
      update();

      const button = Array.from(page.querySelectorAll('button')).find((b) =>
        b.textContent.includes('New patient'),
      )!;
      expect(button.disabled).toBe(true);
      expect(page.querySelector(`#${button.getAttribute('aria-describedby')}`)!.textContent).toBe(
        'Adding patients needs the therapist role.',
      );
    });
  });
});
