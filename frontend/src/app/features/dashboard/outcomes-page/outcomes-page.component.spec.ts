import { provideHttpClient } from '@angular/common/http';
import {
  HttpTestingController,
  provideHttpClientTesting,
  type TestRequest,
} from '@angular/common/http/testing';
import { Component, signal } from '@angular/core';
import { DeferBlockBehavior, TestBed } from '@angular/core/testing';
import { provideRouter, Router, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';

import { aUser } from '../../../../testing/fixtures';
import type { UserView as User } from '@stride/api';
import { AuthService } from '../../../core/auth/auth.service';
import { readText } from '../../chart/chart.fixtures';
import { anAnalytics, anEmptyAnalytics } from '../dashboard.fixtures';
import { FILTER_DEBOUNCE_MS, OutcomesPageComponent } from './outcomes-page.component';

@Component({ template: 'chart' })
class ChartStubComponent {}

/** Tuesday 24 November 2026, midday in Stockholm (the fixture clinic's time zone). */
const NOW = new Date('2026-11-24T11:00:00Z');
const API = '/api/v1/analytics/outcomes';
const { setImmediate: nodeSetImmediate } = jest.requireActual<{
  setImmediate: (callback: () => void) => unknown;
}>('timers');

/** jsdom has none; the charts' `@defer (on viewport)` registers with one (and never fires here). */
class NoIntersectionObserver {
  readonly observe = jest.fn();
  readonly unobserve = jest.fn();
  readonly disconnect = jest.fn();
  readonly takeRecords = jest.fn(() => []);
}

const ADMIN = aUser({ id: 't-2', fullName: 'Maya Okafor, DPT', roles: ['admin', 'therapist'] });
const THERAPIST = aUser({ id: 't-1', fullName: 'Liam Brennan, PT', roles: ['therapist'] });

const USERS = {
  items: [
    { id: 't-1', fullName: 'Liam Brennan, PT', roles: ['therapist'], active: true },
    { id: 'a-1', fullName: 'Olive Owner', roles: ['admin'], active: true },
    { id: 't-2', fullName: 'Maya Okafor, DPT', roles: ['admin', 'therapist'], active: true },
    { id: 't-9', fullName: 'Nils Former', roles: ['therapist'], active: false },
  ],
  total: 4,
  page: 1,
  pageSize: 100,
};

describe(OutcomesPageComponent.name, () => {
  beforeAll(() => {
    Object.assign(globalThis, { IntersectionObserver: NoIntersectionObserver });
  });

  afterAll(() => {
    delete (globalThis as { IntersectionObserver?: unknown }).IntersectionObserver;
  });

  let harness: RouterTestingHarness;
  let backend: HttpTestingController;
  let user: ReturnType<typeof signal<User | null>>;

  beforeEach(() => {
    jest.useFakeTimers({
      now: NOW,
      doNotFake: [
        'setImmediate',
        'clearImmediate',
        'queueMicrotask',
        'nextTick',
        'requestAnimationFrame',
        'cancelAnimationFrame',
        'performance',
      ],
    });
    user = signal<User | null>(ADMIN);
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter(
          [
            { path: 'outcomes', component: OutcomesPageComponent },
            { path: '**', component: ChartStubComponent },
          ],
          withComponentInputBinding(),
        ),
        { provide: AuthService, useValue: { user } },
      ],
      // The ngx-charts graphics load on scrolling into view; these specs read the text around them.
      deferBlockBehavior: DeferBlockBehavior.Manual,
    });
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    backend.verify();
    jest.useRealTimers();
  });

  const text = readText;

  async function settle(ms = 0): Promise<void> {
    await jest.advanceTimersByTimeAsync(ms);
    await harness.fixture.whenStable();
  }

  function expectOutcomes(query: string): TestRequest {
    return backend.expectOne(`${API}?${query}`);
  }

  /** Opens the page as the current user; answers the therapist list for an admin. */
  async function open(url = '/outcomes'): Promise<HTMLElement> {
    harness = await RouterTestingHarness.create(url);
    if (user()?.roles.includes('admin')) {
      backend.expectOne('/api/v1/users?pageSize=100').flush(USERS);
    }
    await settle();
    return harness.routeNativeElement!;
  }

  function kpis(page: HTMLElement): Record<string, string> {
    return Object.fromEntries(
      Array.from(page.querySelectorAll('[data-kpi]'), (el): [string, string] => [
        el.getAttribute('data-kpi')!,
        el.textContent,
      ]),
    );
  }

  function type(input: HTMLInputElement, value: string): void {
    input.value = value;
    input.dispatchEvent(new Event('input'));
  }

  function button(page: HTMLElement, name: string): HTMLButtonElement {
    const found = Array.from(page.querySelectorAll('button')).find((b) => text(b) === name);
    if (!found) {
      throw new Error(`No button "${name}"`);
    }
    return found;
  }

  describe('an admin', () => {
    it('asks for the last 365 days by default and shows the KPIs as the API answered, rounded', async () => {
      const page = await open();
      expect(text(page.querySelector('[role="status"].status'))).toBe('Loading outcomes…');

      expectOutcomes('from=2025-11-24&to=2026-11-24').flush(anAnalytics());
      await settle();

      expect(kpis(page)).toEqual({
        episodes: '12',
        active: '4',
        discharged: '7',
        'mean-visits': '3.4',
        'median-weeks': '5.1',
        'nprs-mcid-rate': '78%',
        'lefs-mcid-rate': '63%',
      });
      expect(text(page.querySelector('.status'))).toBe('12 episodes start in Nov 24, 2025 – Nov 24, 2026.');
    });

    it('sees the clinic, the therapist filter and the CSV download', async () => {
      const page = await open();
      expectOutcomes('from=2025-11-24&to=2026-11-24').flush(anAnalytics());
      await settle();

      expect(text(page.querySelector('.scope-badge'))).toBe('Clinic');
      expect(page.querySelector('mat-select[formcontrolname="therapistId"]')).not.toBeNull();
      expect(button(page, 'Download CSV').disabled).toBe(false);
    });

    it('offers the clinic’s therapists (not admins only) in the filter', async () => {
      const page = await open();
      expectOutcomes('from=2025-11-24&to=2026-11-24').flush(anAnalytics());
      await settle();

      page.querySelector<HTMLElement>('mat-select .mat-mdc-select-trigger')!.click();
      await settle();
      expect(Array.from(document.querySelectorAll('mat-option'), text)).toEqual([
        'All therapists',
        'Liam Brennan, PT',
        'Maya Okafor, DPT',
        'Nils Former (inactive)',
      ]);
    });
  });

  describe('a therapist', () => {
    beforeEach(() => user.set(THERAPIST));

    it('sees "Your episodes", no therapist filter and no CSV download; the list of users is not asked for', async () => {
      const page = await open();
      expectOutcomes('from=2025-11-24&to=2026-11-24').flush(anAnalytics({ byTherapist: [] }));
      await settle();

      expect(text(page.querySelector('.scope-badge'))).toBe('Your episodes');
      expect(page.querySelector('mat-select')).toBeNull();
      expect(Array.from(page.querySelectorAll('button'), text)).not.toContain('Download CSV');
      backend.expectNone('/api/v1/users?pageSize=100');
    });

    it('never sends a therapistId from the URL (the API limits the answer to their own)', async () => {
      await open('/outcomes?therapistId=t-2&diagnosis=M76');
      expectOutcomes('from=2025-11-24&to=2026-11-24&diagnosis=M76').flush(anAnalytics());
      await settle();
    });

    it('names themselves as the therapist of their off-track episodes', async () => {
      const page = await open();
      expectOutcomes('from=2025-11-24&to=2026-11-24').flush(
        anAnalytics({
          byTherapist: [],
          offTrack: [{ ...anAnalytics().offTrack[0], therapistId: 't-1' }],
          offTrackTotal: 1,
        }),
      );
      await settle();
      expect(text(page.querySelector('.off-track-table tbody td'))).toBe('Liam Brennan, PT');
    });
  });

  describe('filters in the URL', () => {
    it('restores every filter from the URL (a reload) and asks for them', async () => {
      const page = await open('/outcomes?from=2026-01-01&to=2026-06-30&therapistId=t-1&diagnosis=m76');
      expectOutcomes('from=2026-01-01&to=2026-06-30&therapistId=t-1&diagnosis=M76').flush(anAnalytics());
      await settle();

      const inputs = page.querySelectorAll<HTMLInputElement>('.filters input');
      expect(Array.from(inputs, (i) => i.value)).toEqual(['2026-01-01', '2026-06-30', 'M76']);
      expect(text(page.querySelector('mat-select'))).toBe('Liam Brennan, PT');
      expect(text(page.querySelector('.status'))).toBe(
        '12 episodes start in Jan 1, 2026 – Jun 30, 2026 (Liam Brennan, PT, diagnosis M76…).',
      );
    });

    it('writes a changed filter to the URL (replacing the entry) once typing pauses, and asks again', async () => {
      const page = await open();
      expectOutcomes('from=2025-11-24&to=2026-11-24').flush(anAnalytics());
      await settle();
      const router = TestBed.inject(Router);
      const navigate = jest.spyOn(router, 'navigate');

      const diagnosis = page.querySelectorAll<HTMLInputElement>('.filters input')[2];
      type(diagnosis, 'm7');
      await settle(FILTER_DEBOUNCE_MS - 100);
      type(diagnosis, 'm76');
      await settle(FILTER_DEBOUNCE_MS - 1);
      expect(navigate).not.toHaveBeenCalled();
      await settle(1);

      expect(navigate).toHaveBeenCalledTimes(1);
      expect(navigate.mock.calls[0][1]).toMatchObject({ replaceUrl: true });
      expect(router.url).toBe('/outcomes?from=2025-11-24&to=2026-11-24&diagnosis=M76');
      expectOutcomes('from=2025-11-24&to=2026-11-24&diagnosis=M76').flush(anEmptyAnalytics());
      await settle();
      // What was typed stays as typed.
      expect(diagnosis.value).toBe('m76');
    });

    it('applies a preset at once', async () => {
      const page = await open();
      expectOutcomes('from=2025-11-24&to=2026-11-24').flush(anAnalytics());
      await settle();
      expect(button(page, 'Last 12 months').getAttribute('aria-pressed')).toBe('true');

      button(page, 'Last 90 days').click();
      await settle();

      expect(TestBed.inject(Router).url).toBe('/outcomes?from=2026-08-26&to=2026-11-24');
      expectOutcomes('from=2026-08-26&to=2026-11-24').flush(anAnalytics());
      await settle();
      expect(button(page, 'Last 90 days').getAttribute('aria-pressed')).toBe('true');
      expect(button(page, 'Last 12 months').getAttribute('aria-pressed')).toBe('false');
    });

    it('keeps the previous answer on screen, dimmed, while the next one loads', async () => {
      const page = await open();
      expectOutcomes('from=2025-11-24&to=2026-11-24').flush(anAnalytics());
      await settle();

      button(page, 'Last 90 days').click();
      await settle();
      expect(page.querySelector('.results')!.getAttribute('aria-busy')).toBe('true');
      expect(kpis(page).episodes).toBe('12');
      expect(text(page.querySelector('.status'))).toBe('Loading outcomes…');
      expectOutcomes('from=2026-08-26&to=2026-11-24').flush(anAnalytics());
      await settle();
    });

    it('does not ask for a period that starts after it ends, and says why', async () => {
      const page = await open('/outcomes?from=2026-10-01&to=2026-09-01');
      backend.expectNone((r) => r.url === API);
      expect(text(page.querySelector('#period-error'))).toBe('The start of the period is after its end.');
      expect(page.querySelector('#period-error')!.getAttribute('role')).toBe('alert');
      expect(button(page, 'Download CSV').disabled).toBe(true);
    });

    it('does not apply an invalid diagnosis prefix; it says what is allowed', async () => {
      const page = await open();
      expectOutcomes('from=2025-11-24&to=2026-11-24').flush(anAnalytics());
      await settle();

      type(page.querySelectorAll<HTMLInputElement>('.filters input')[2], 'M76;');
      await settle(FILTER_DEBOUNCE_MS);
      expect(TestBed.inject(Router).url).toBe('/outcomes');
      expect(text(page.querySelector('mat-error'))).toBe('Letters, digits and dots only (e.g. M76.3).');
    });
  });

  describe('states', () => {
    it('says when no episodes start in the period, and still lists off-track episodes', async () => {
      const page = await open();
      expectOutcomes('from=2025-11-24&to=2026-11-24').flush(
        anEmptyAnalytics({ offTrack: anAnalytics().offTrack, offTrackTotal: 2 }),
      );
      await settle();

      expect(text(page.querySelector('.empty'))).toBe(
        'No episodes start in this period. Try a longer period or fewer filters.',
      );
      expect(page.querySelector('[data-kpi]')).toBeNull();
      expect(page.querySelectorAll('.off-track-table tbody tr')).toHaveLength(2);
    });

    it('shows an API error as an alert', async () => {
      const page = await open('/outcomes?therapistId=t-1');
      expectOutcomes('from=2025-11-24&to=2026-11-24&therapistId=t-1').flush(
        {
          type: '/problems/forbidden',
          title: 'Forbidden',
          status: 403,
          detail: 'You can only see your own episodes.',
        },
        { status: 403, statusText: 'Forbidden' },
      );
      await settle();
      expect(text(page.querySelector('.alert[role="alert"]'))).toBe(
        'The outcomes could not be loaded. You can only see your own episodes.',
      );
      expect(page.querySelector('[data-kpi]')).toBeNull();
    });
  });

  describe('charts', () => {
    it('sums each chart up in a sentence and gives its values as a table', async () => {
      const page = await open();
      expectOutcomes('from=2025-11-24&to=2026-11-24').flush(anAnalytics());
      await settle();

      expect(Array.from(page.querySelectorAll('.card h2'), text)).toEqual([
        'Pain by week',
        'MCID rate by therapist',
        'Visits per discharged episode',
      ]);
      expect(Array.from(page.querySelectorAll('.card .summary'), text)).toEqual([
        'Mean pain fell from 6.8 in week 1 (12 scores) to 1.9 in week 7 (7 scores): within the expected course.',
        'Share of episodes with a pain change that reached the MCID, across 2 therapists: from 75% (Liam Brennan, PT) to 80% (Maya Okafor, DPT).',
        '7 discharged episodes, from 3 to 6 visits; most often 3 visits (4 episodes).',
      ]);
      const painRows = Array.from(page.querySelectorAll('#pain-by-week tbody tr'), (row) =>
        Array.from(row.children, text),
      );
      expect(painRows[0]).toEqual(['1', '6.8', '12', '6.8–6.8', 'Within the expected course']);
      expect(text(page.querySelector('#pain-by-week .caption'))).toContain(
        'Shaded band: the expected course',
      );
      expect(page.querySelectorAll('details')).toHaveLength(3);
    });
  });

  describe('off-track episodes', () => {
    it('lists patient, therapist and reasons in words; each patient opens the chart at the episode', async () => {
      const page = await open();
      expectOutcomes('from=2025-11-24&to=2026-11-24').flush(anAnalytics({ offTrackTotal: 130 }));
      await settle();

      const rows = Array.from(page.querySelectorAll('.off-track-table tbody tr'), (row) =>
        Array.from(row.children, text),
      );
      expect(rows).toEqual([
        [
          'Ava Alvarez',
          'Liam Brennan, PT',
          'No pain improvement (MCID) by visit 3 More than 8 weeks since the start',
        ],
        ['Ben Brennan', 'Nils Former', 'No visit in the last 14 days'],
      ]);
      const link = page.querySelector<HTMLAnchorElement>('.off-track-table a')!;
      expect(link.getAttribute('href')).toBe('/patients/p-1?episode=e-1');
      expect(text(page.querySelector('.off-track .count'))).toBe('Showing 2 of 130 off-track episodes.');
    });
  });

  describe('CSV download', () => {
    let createObjectURL: jest.Mock;
    let revokeObjectURL: jest.Mock;
    let clicks: { href: string; download: string }[];
    const original = { createObjectURL: URL.createObjectURL, revokeObjectURL: URL.revokeObjectURL };

    afterEach(() => {
      Object.assign(URL, original);
    });

    beforeEach(() => {
      createObjectURL = jest.fn(() => 'blob:stride/1');
      revokeObjectURL = jest.fn();
      Object.assign(URL, { createObjectURL, revokeObjectURL });
      clicks = [];
      jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
        clicks.push({ href: this.getAttribute('href')!, download: this.download });
      });
    });

    it('asks for the CSV with the filters (through HttpClient, so with the token) and saves it', async () => {
      const page = await open('/outcomes?from=2026-01-01&to=2026-06-30&diagnosis=M76');
      expectOutcomes('from=2026-01-01&to=2026-06-30&diagnosis=M76').flush(anAnalytics());
      await settle();

      button(page, 'Download CSV').click();
      await settle();
      const request = backend.expectOne(`${API}.csv?from=2026-01-01&to=2026-06-30&diagnosis=M76`);
      expect(request.request.responseType).toBe('blob');
      expect(button(page, 'Download CSV').disabled).toBe(true);
      const csv = new Blob(['episode_id,mrn\n'], { type: 'text/csv' });
      request.flush(csv);
      await settle();

      expect(createObjectURL).toHaveBeenCalledWith(csv);
      expect(clicks).toEqual([
        { href: 'blob:stride/1', download: 'stride-outcomes-2026-01-01-2026-06-30.csv' },
      ]);
      expect(button(page, 'Download CSV').disabled).toBe(false);
      expect(text(page.querySelector('p.visually-hidden[role="status"]'))).toBe(
        'Downloaded stride-outcomes-2026-01-01-2026-06-30.csv.',
      );
      await settle(30_000);
      expect(revokeObjectURL).toHaveBeenCalledWith('blob:stride/1');
    });

    it('reads the problem out of a failed download for the alert', async () => {
      const page = await open();
      expectOutcomes('from=2025-11-24&to=2026-11-24').flush(anAnalytics());
      await settle();

      button(page, 'Download CSV').click();
      await settle();
      backend.expectOne(`${API}.csv?from=2025-11-24&to=2026-11-24`).flush(
        new Blob([
          JSON.stringify({
            type: '/problems/forbidden',
            title: 'Forbidden',
            status: 403,
            detail: 'Admins only.',
          }),
        ]),
        { status: 403, statusText: 'Forbidden' },
      );
      // jsdom's FileReader answers on Node's own (unfaked) setImmediate.
      for (let i = 0; i < 50 && !page.querySelector('.alert'); i++) {
        await new Promise<void>((resolve) => nodeSetImmediate(() => resolve()));
        await settle();
      }
      expect(text(page.querySelector('.alert[role="alert"]'))).toBe(
        'The CSV could not be downloaded. Admins only.',
      );
      expect(clicks).toEqual([]);
    });
  });
});
