import { provideHttpClient } from '@angular/common/http';
import {
  HttpTestingController,
  provideHttpClientTesting,
  type TestRequest,
} from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';

import { aUser } from '../../../../testing/fixtures';
import { AuthService } from '../../../core/auth/auth.service';
import { aClinicUser, anAuditEvent, aPage, ME_ID, problem } from '../admin.testing';
import { AuditLogComponent } from './audit-log.component';

const EVENTS = '/api/v1/audit-events';
const SAM = '8c0e6f1e-5a4b-4c3d-9e2f-1a2b3c4d5e6f';

describe(AuditLogComponent.name, () => {
  let harness: RouterTestingHarness;
  let backend: HttpTestingController;
  let page: HTMLElement;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([{ path: 'admin/audit', component: AuditLogComponent }]),
        { provide: AuthService, useValue: { user: signal(aUser({ id: ME_ID })) } },
      ],
    });
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => backend.verify());

  async function settle(): Promise<void> {
    for (let i = 0; i < 10; i++) {
      await Promise.resolve();
    }
    await harness.fixture.whenStable();
  }

  function expectEvents(): TestRequest {
    return backend.expectOne((r) => r.url === EVENTS);
  }

  async function open(
    url = '/admin/audit',
    events = [anAuditEvent()],
    total = events.length,
  ): Promise<TestRequest> {
    harness = await RouterTestingHarness.create(url);
    page = harness.routeNativeElement!;
    backend
      .expectOne((r) => r.url === '/api/v1/users')
      .flush(
        aPage([
          aClinicUser({ id: ME_ID, fullName: 'Maya Lind' }),
          aClinicUser({ id: SAM, fullName: 'Sam Okafor', active: false }),
        ]),
      );
    const request = expectEvents();
    const params = request.request.params;
    request.flush(aPage(events, { total, page: Number(params.get('page')), pageSize: 50 }));
    await settle();
    return request;
  }

  function field(name: string): HTMLInputElement | HTMLSelectElement {
    return page.querySelector(`[formcontrolname="${name}"]`)!;
  }

  function set(name: string, value: string): void {
    const control = field(name);
    control.value = value;
    control.dispatchEvent(new Event(control instanceof HTMLSelectElement ? 'change' : 'input'));
  }

  function button(text: string): HTMLButtonElement {
    return [...page.querySelectorAll('button')].find((b) => b.textContent.trim() === text)!;
  }

  function rowCells(index = 0): string[] {
    const row = page.querySelectorAll('tbody tr')[index];
    return [...row.querySelectorAll('td')].map((c) => c.textContent.replace(/\s+/g, ' ').trim());
  }

  describe('filters in the URL', () => {
    it('asks the API for the filters in the URL and shows them in the form', async () => {
      const request = await open(
        `/admin/audit?action=patient.read&userId=${SAM}&from=2026-03-01&to=2026-03-31&page=2`,
      );
      expect(request.request.params.keys().sort()).toEqual([
        'action',
        'from',
        'page',
        'pageSize',
        'to',
        'userId',
      ]);
      expect(request.request.params.get('action')).toBe('patient.read');
      expect(request.request.params.get('userId')).toBe(SAM);
      expect(request.request.params.get('page')).toBe('2');
      expect(field('action').value).toBe('patient.read');
      expect(field('userId').value).toBe(SAM);
      expect(field('from').value).toBe('2026-03-01');
      expect(field('to').value).toBe('2026-03-31');
    });

    it('puts the filters applied into the URL, from page 1', async () => {
      await open('/admin/audit?page=3');
      set('action', 'visit.sign');
      set('entityType', 'visit');
      set('from', '2026-03-01');
      button('Apply filters').click();
      await settle();

      expect(TestBed.inject(Router).url).toBe(
        '/admin/audit?action=visit.sign&entityType=visit&from=2026-03-01',
      );
      const request = expectEvents();
      expect(request.request.params.get('action')).toBe('visit.sign');
      expect(request.request.params.get('page')).toBe('1');
      request.flush(aPage([]));
      await settle();
      expect(page.querySelector('.status')!.textContent.replace(/\s+/g, ' ')).toContain(
        'No audit events match these filters.',
      );
    });

    it('refuses a range whose from is after its to, without asking the API', async () => {
      await open();
      set('from', '2026-03-10');
      set('to', '2026-03-01');
      button('Apply filters').click();
      await settle();

      backend.expectNone((r) => r.url === EVENTS);
      expect(TestBed.inject(Router).url).toBe('/admin/audit');
      expect(page.querySelector('#audit-range-error')!.textContent).toContain(
        'The “to” date must be on or after the “from” date.',
      );
      expect(document.activeElement).toBe(field('to'));
    });

    it('clears the filters', async () => {
      await open('/admin/audit?action=auth.login');
      button('Clear filters').click();
      await settle();
      expect(TestBed.inject(Router).url).toBe('/admin/audit');
      expectEvents().flush(aPage([]));
      await settle();
      expect(field('action').value).toBe('');
      expect(page.querySelector('.status')!.textContent.replace(/\s+/g, ' ')).toContain(
        'No audit events yet.',
      );
    });

    it('links an entity to all of its events', async () => {
      await open('/admin/audit?action=patient.update');
      const link = page.querySelector<HTMLAnchorElement>('a.entity-id')!;
      expect(link.textContent).toContain('All events for patient pat-1');
      expect(link.getAttribute('href')).toBe('/admin/audit?entityType=patient&entityId=pat-1');
    });
  });

  describe('rows', () => {
    it('shows time in the clinic’s zone, user name, action, entity, outcome and changed fields', async () => {
      await open();
      expect(page.querySelector('caption')!.textContent).toContain('Times in Europe/Stockholm');
      expect(rowCells()).toEqual([
        '2 Mar 2026 16:04:05',
        'Maya Lind',
        'patient.update',
        'patient All events for patient pat-1',
        'Success',
        'phone, email',
        expect.stringContaining('Details'),
      ]);
      expect(page.querySelector('time')!.getAttribute('datetime')).toBe('2026-03-02T15:04:05.000Z');
    });

    it('shows a refused attempt as the word Denied with an icon, and its detail in a disclosure', async () => {
      await open('/admin/audit', [
        anAuditEvent({
          id: 'ev-2',
          userId: SAM,
          action: 'post /api/v1/visits/:id/sign',
          entityType: 'visit',
          entityId: 'v-1',
          outcome: 'denied',
          changedFields: null,
          detail: { status: 403, type: '/problems/forbidden' },
        }),
        anAuditEvent({
          id: 'ev-3',
          userId: null,
          action: 'auth.login',
          outcome: 'failure',
          entityType: null,
          entityId: null,
        }),
      ]);
      const [, user, action, , outcome, changed] = rowCells(0);
      expect([user, action, outcome, changed]).toEqual([
        'Sam Okafor',
        'post /api/v1/visits/:id/sign',
        'Denied',
        '—none',
      ]);
      expect(page.querySelectorAll('tbody tr')[0].querySelector('.outcome stride-icon')).not.toBeNull();
      const details = page.querySelectorAll('tbody tr')[0].querySelector('details')!;
      expect(details.querySelector('summary')!.textContent).toContain(
        'Details of post /api/v1/visits/:id/sign',
      );
      expect(details.querySelector('pre')!.textContent).toContain('"status": 403');

      expect(rowCells(1)[1]).toBe('No signed-in user');
      expect(rowCells(1)[4]).toBe('Failed');
    });

    it('shows the total and pages through, keeping the filters', async () => {
      const events = Array.from({ length: 50 }, (_, i) => anAuditEvent({ id: `ev-${i}` }));
      await open('/admin/audit?action=patient.read', events, 120);
      expect(page.querySelector('.status')!.textContent.replace(/\s+/g, ' ')).toContain(
        '120 events match these filters — page 1 of 3',
      );
      page.querySelector<HTMLButtonElement>('.mat-mdc-paginator-navigation-next')!.click();
      await settle();
      expect(TestBed.inject(Router).url).toBe('/admin/audit?action=patient.read&page=2');
      const request = expectEvents();
      expect(request.request.params.get('page')).toBe('2');
      request.flush(aPage([], { total: 120, page: 2 }));
      await settle();
    });

    it('explains a failed read and tries again', async () => {
      harness = await RouterTestingHarness.create('/admin/audit?from=2026-03-02&to=2026-03-01');
      page = harness.routeNativeElement!;
      backend.expectOne((r) => r.url === '/api/v1/users').flush(aPage([]));
      expectEvents().flush(
        ...problem(400, {
          type: '/problems/validation',
          title: 'Invalid request',
          detail: '1 field is invalid',
          errors: [{ field: 'from', message: 'from must not be after to' }],
        }),
      );
      await settle();
      expect(page.querySelector('.alert')!.textContent).toContain('From must not be after to.');
      button('Try again').click();
      expectEvents().flush(aPage([]));
      await settle();
    });
  });
});
