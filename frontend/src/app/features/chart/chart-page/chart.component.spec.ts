import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component, signal } from '@angular/core';
import { DeferBlockBehavior, DeferBlockState, TestBed } from '@angular/core/testing';
import { provideNoopAnimations } from '@angular/platform-browser/animations';
import { provideRouter, Router, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { EpisodeView, VisitView } from '@stride/api';

import { aUser } from '../../../../testing/fixtures';
import type { UserView as User } from '@stride/api';
import { AuthService } from '../../../core/auth/auth.service';
import { aPage, aPatient } from '../../patients/patients.fixtures';
import { RecentPatientsService } from '../../patients/recent-patients.service';
import { aHomeProgram, anEpisode, aVisit, readText } from '../chart.fixtures';
import { ChartComponent } from './chart.component';

@Component({ template: 'elsewhere' })
class ElsewhereComponent {}

/** Tuesday 24 November 2026, midday in Denver. */
const NOW = new Date('2026-11-24T19:00:00Z');

const VISITS: VisitView[] = [
  aVisit({
    id: 'v-1',
    visitType: 'initial_evaluation',
    visitDate: '2026-11-03T16:00:00Z',
    measurements: [
      { instrument: 'nprs_activity', value: 6 },
      { instrument: 'lefs', value: 48 },
    ],
    running: { weeklyDistanceKm: 10, longestRunKm: 4, runWalkRatio: '4:1' },
  }),
  aVisit({
    id: 'v-2',
    visitDate: '2026-11-12T16:00:00Z',
    measurements: [{ instrument: 'nprs_activity', value: 3 }],
    running: { weeklyDistanceKm: 12, longestRunKm: 5, runWalkRatio: '9:1' },
    flags: ['weekly_distance_over_10_percent'],
  }),
  aVisit({
    id: 'v-3',
    status: 'draft',
    signedAt: null,
    signedBy: null,
    visitDate: '2026-11-24T16:00:00Z',
    measurements: [{ instrument: 'nprs_activity', value: 2 }],
  }),
];

/** jsdom has none; the charts' `@defer (on viewport)` registers with one (and never fires here). */
class NoIntersectionObserver {
  readonly observe = jest.fn();
  readonly unobserve = jest.fn();
  readonly disconnect = jest.fn();
  readonly takeRecords = jest.fn(() => []);
}

describe(ChartComponent.name, () => {
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
        'setTimeout',
        'clearTimeout',
        'setInterval',
        'clearInterval',
        'setImmediate',
        'clearImmediate',
        'queueMicrotask',
        'nextTick',
        'requestAnimationFrame',
        'cancelAnimationFrame',
        'performance',
      ],
    });
    user = signal<User | null>(
      aUser({
        roles: ['therapist'],
        clinic: { id: 'c-1', name: 'Riverside', timezone: 'America/Denver', distanceUnit: 'mi' },
      }),
    );
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideNoopAnimations(),
        provideRouter(
          [
            { path: 'patients/:patientId', component: ChartComponent },
            { path: '**', component: ElsewhereComponent },
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
    document.querySelectorAll('.cdk-overlay-container').forEach((e) => e.remove());
  });

  async function settle(): Promise<void> {
    for (let i = 0; i < 20; i++) {
      await Promise.resolve();
    }
    await harness.fixture.whenStable();
  }

  /** Opens the chart and answers its requests. */
  async function open(
    url = '/patients/p-1',
    { episodes = [anEpisode()], visits = VISITS }: { episodes?: EpisodeView[]; visits?: VisitView[] } = {},
  ): Promise<HTMLElement> {
    harness = await RouterTestingHarness.create(url);
    backend.expectOne('/api/v1/patients/p-1').flush(aPatient({ dateOfBirth: '1990-11-25' }));
    backend.expectOne('/api/v1/patients/p-1/episodes?pageSize=100').flush(aPage(episodes));
    await settle();
    const selected =
      episodes.find((e) => url.includes(e.id)) ?? episodes.find((e) => e.status === 'active') ?? episodes[0];
    if (selected) {
      answerEpisode(selected, visits);
      await settle();
    }
    return harness.routeNativeElement!;
  }

  function answerEpisode(episode: EpisodeView, visits: VisitView[]): void {
    backend.expectOne(`/api/v1/episodes/${episode.id}`).flush(episode);
    backend.expectOne(`/api/v1/episodes/${episode.id}/visits?pageSize=100`).flush(aPage(visits));
    backend.expectOne(`/api/v1/episodes/${episode.id}/home-program`).flush(aHomeProgram());
  }

  const text = readText;

  describe('header', () => {
    it('names the patient with age (on the clinic’s today), sex and MRN', async () => {
      const page = await open();
      expect(text(page.querySelector('h1'))).toBe('Ava Alvarez');
      expect(text(page.querySelector('.facts'))).toBe('Age 35 Sex Female MRN P-000001 Born Nov 25, 1990');
    });

    it('shows the active episode’s diagnosis, signed visits of planned and week of planned', async () => {
      const page = await open();
      expect(text(page.querySelector('.active-episode'))).toBe(
        'Active episode M76.31 Iliotibial band syndrome, right leg (Right) Visit 2 of 4 Week 4 of 6',
      );
    });

    it('remembers the chart among the recent patients', async () => {
      await open();
      expect(
        TestBed.inject(RecentPatientsService)
          .patients()
          .map((p) => p.id),
      ).toEqual(['p-1']);
    });

    it('says so when the patient does not exist', async () => {
      harness = await RouterTestingHarness.create('/patients/p-1');
      backend
        .expectOne('/api/v1/patients/p-1')
        .flush(
          { type: '/problems/not-found', title: 'Not found', status: 404 },
          { status: 404, statusText: 'Not Found' },
        );
      backend
        .expectOne('/api/v1/patients/p-1/episodes?pageSize=100')
        .flush(
          { type: '/problems/not-found', title: 'Not found', status: 404 },
          { status: 404, statusText: 'Not Found' },
        );
      await settle();
      expect(text(harness.routeNativeElement!.querySelector('[role="alert"]'))).toContain(
        'This patient was not found.',
      );
    });
  });

  describe('episodes', () => {
    const discharged = anEpisode({
      id: 'e-0',
      status: 'discharged',
      startDate: '2026-06-01',
      dischargeDate: '2026-07-10',
      dischargeReason: 'goals_met',
      diagnosisCode: 'M76.32',
      diagnosisLabel: 'Iliotibial band syndrome, left leg',
      bodySide: 'left',
    });

    it('shows the active episode by default and marks it in the list', async () => {
      const page = await open('/patients/p-1', { episodes: [anEpisode(), discharged] });
      const items = Array.from(page.querySelectorAll('.episode-list a'));
      expect(items.map(text)).toEqual([
        'M76.31 Iliotibial band syndrome, right leg Active Started Nov 3, 2026',
        'M76.32 Iliotibial band syndrome, left leg Discharged Started Jun 1, 2026 · discharged Jul 10, 2026',
      ]);
      expect(items[0].getAttribute('aria-current')).toBe('true');
      expect(items[1].getAttribute('href')).toBe('/patients/p-1?episode=e-0');
    });

    it('shows the episode named by ?episode=, closed: New visit is disabled with the reason', async () => {
      const page = await open('/patients/p-1?episode=e-0', { episodes: [anEpisode(), discharged] });
      // The header still follows the active episode: its visits are read for the count.
      backend.expectOne('/api/v1/episodes/e-1/visits?pageSize=100').flush(aPage(VISITS));
      await settle();

      expect(text(page.querySelector('#episode-title'))).toBe('M76.32 Iliotibial band syndrome, left leg');
      const button = Array.from(page.querySelectorAll('button')).find((b) => text(b) === 'New visit')!;
      expect(button.disabled).toBe(true);
      expect(text(page.querySelector(`#${button.getAttribute('aria-describedby')}`))).toBe(
        'This episode is discharged: no new visits.',
      );
      expect(text(page.querySelector('.episode-facts'))).toContain('Status Discharged (Goals met)');
      expect(text(page.querySelector('.active-episode'))).toContain('Visit 2 of 4');
    });

    it('invites to start one when there are none', async () => {
      const page = await open('/patients/p-1', { episodes: [] });
      expect(text(page.querySelector('.empty'))).toBe(
        'No episodes yet — start one to chart visits. Start an episode',
      );
    });
  });

  describe('selected episode', () => {
    it('links New visit to a new draft of the episode', async () => {
      const page = await open();
      const link = Array.from(page.querySelectorAll('a')).find((a) => text(a) === 'New visit')!;
      expect(link.getAttribute('href')).toBe('/episodes/e-1/visits/new');
    });

    it('lists the visits in order, each with date, type, status in words, pain and flags, linking to the note', async () => {
      const page = await open();
      const entries = Array.from(page.querySelectorAll('stride-visit-timeline li a'));
      expect(entries.map(text)).toEqual([
        'Visit 1 Tue, Nov 3, 2026 · week 1 Initial evaluation Signed Pain 6/10',
        'Visit 2 Thu, Nov 12, 2026 · week 2 Follow-up Signed Pain 3/10 Weekly distance up more than 10%',
        'Visit 3 Tue, Nov 24, 2026 · week 4 Follow-up Draft Pain 2/10',
      ]);
      expect(entries[2].getAttribute('href')).toBe('/visits/v-3');
    });

    it('names the off-track reasons in words', async () => {
      const page = await open('/patients/p-1', {
        episodes: [anEpisode({ offTrack: ['no_mcid_by_visit_3', 'no_visit_14_days'] })],
      });
      expect(Array.from(page.querySelectorAll('.off-track li'), text)).toEqual([
        'No pain improvement (MCID) by visit 3',
        'No visit in the last 14 days',
      ]);
    });

    it('sums up the trends in a sentence, the draft as provisional', async () => {
      const page = await open();
      expect(Array.from(page.querySelectorAll('stride-trend-chart .summary'), text)).toEqual([
        'Pain fell from 6 to 3 over 1 week; MCID reached. Draft (provisional): 2 in week 4.',
        'LEFS 48 at baseline (week 1); no later signed score yet.',
      ]);
    });

    it('gives each chart its values as a table', async () => {
      const page = await open();
      const rows = Array.from(
        page.querySelectorAll('stride-trend-chart')[0].querySelectorAll('tbody tr'),
        (row) => Array.from(row.children, text),
      );
      expect(rows).toEqual([
        ['1 · Initial evaluation', '1', 'Tue, Nov 3, 2026', '6', 'Signed', 'Baseline'],
        ['2 · Follow-up', '2', 'Thu, Nov 12, 2026', '3', 'Signed', '3 better (MCID reached)'],
        ['3 · Follow-up', '4', 'Tue, Nov 24, 2026', '2', 'Draft (provisional)', 'Not counted until signed'],
      ]);
    });

    it('shows running load in the clinic’s unit with the 10% flag in words', async () => {
      const page = await open();
      const load = page.querySelector('stride-running-load-chart')!;
      expect(text(load.querySelector('h4'))).toBe('Weekly running distance (mi)');
      expect(text(load.querySelector('tbody tr:nth-child(2)'))).toBe(
        '2 Thu, Nov 12, 2026 7.5 mi +20% on 6.2 mi Over the 10% guide 3.1 mi 9:1',
      );
    });

    it('shows the home programme with a link to its print view', async () => {
      const page = await open();
      const card = page.querySelector('stride-home-program-card')!;
      expect(text(card.querySelector('.source'))).toBe('From the visit on Thu, Nov 12, 2026.');
      expect(text(card.querySelector('li'))).toBe(
        'Lateral band walk 3 sets × 15 reps · blue band · 3 times a week',
      );
      expect(card.querySelector('a')!.getAttribute('href')).toBe('/patients/p-1/home-program/e-1');
    });

    it('shows an episode that fails to load as an alert', async () => {
      harness = await RouterTestingHarness.create('/patients/p-1');
      backend.expectOne('/api/v1/patients/p-1').flush(aPatient());
      backend.expectOne('/api/v1/patients/p-1/episodes?pageSize=100').flush(aPage([anEpisode()]));
      await settle();
      backend.expectOne('/api/v1/episodes/e-1').flush(null, { status: 500, statusText: 'Server Error' });
      backend.expectOne('/api/v1/episodes/e-1/visits?pageSize=100');
      backend.expectOne('/api/v1/episodes/e-1/home-program');
      await settle();
      expect(text(harness.routeNativeElement!.querySelector('[role="alert"]'))).toBe(
        'The episode could not be loaded. Stride could not complete that just now. Try again in a moment.',
      );
    });
  });

  describe('new episode', () => {
    it('starts one with IT-band defaults and shows it', async () => {
      const page = await open('/patients/p-1', { episodes: [] });
      Array.from(page.querySelectorAll('button'))
        .find((b) => text(b) === 'Start an episode')!
        .click();
      await settle();
      // The form is deferred (its code loads when first asked for); with no episode it is the only block.
      for (const block of await harness.fixture.getDeferBlocks()) {
        await block.render(DeferBlockState.Complete);
      }
      await settle();

      const field = (name: string) => page.querySelector<HTMLInputElement>(`[formcontrolname="${name}"]`)!;
      expect([field('diagnosisCode').value, field('diagnosisLabel').value, field('startDate').value]).toEqual(
        ['M76.31', 'Iliotibial band syndrome, right leg', '2026-11-24'],
      );
      Array.from(page.querySelectorAll('mat-radio-button'))
        .find((r) => text(r) === 'Left')!
        .querySelector('input')!
        .click();
      await settle();
      expect([
        field('diagnosisCode').value,
        field('plannedVisits').value,
        field('plannedWeeks').value,
      ]).toEqual(['M76.32', '4', '6']);

      page.querySelector<HTMLButtonElement>('stride-new-episode-form button[type="submit"]')!.click();
      const request = backend.expectOne('/api/v1/patients/p-1/episodes');
      expect(request.request.body).toEqual({
        diagnosisCode: 'M76.32',
        diagnosisLabel: 'Iliotibial band syndrome, left leg',
        bodySide: 'left',
        startDate: '2026-11-24',
        plannedVisits: 4,
        plannedWeeks: 6,
      });
      const created = anEpisode({
        id: 'e-9',
        bodySide: 'left',
        diagnosisCode: 'M76.32',
        startDate: '2026-11-24',
      });
      request.flush(created, { status: 201, statusText: 'Created' });
      await settle();

      backend.expectOne('/api/v1/patients/p-1/episodes?pageSize=100').flush(aPage([created]));
      await settle();
      answerEpisode(created, []);
      await settle();
      expect(TestBed.inject(Router).url).toBe('/patients/p-1?episode=e-9');
      expect(text(page.querySelector('#episode-title'))).toContain('M76.32');
    });
  });

  describe('drafts, editing and archiving (issue 14)', () => {
    const dialog = () => document.querySelector<HTMLElement>('mat-dialog-container');
    const buttonIn = (root: ParentNode, label: string) =>
      Array.from(root.querySelectorAll('button')).find((b) => text(b).includes(label))!;

    it('deletes a draft from the timeline after asking, with If-Match, then reloads the episode', async () => {
      const page = await open();
      const deletes = Array.from(page.querySelectorAll('stride-visit-timeline button'));
      // Only the draft (v-3, started by this therapist) can be deleted.
      expect(deletes.map((b) => b.getAttribute('aria-label'))).toEqual([
        'Delete draft visit 3 of Tue, Nov 24, 2026',
      ]);
      (deletes[0] as HTMLButtonElement).click();
      await settle();
      expect(text(dialog())).toContain('Delete this draft?');
      buttonIn(dialog()!, 'Delete draft').click();
      await settle();
      const request = backend.expectOne((r) => r.method === 'DELETE' && r.url === '/api/v1/visits/v-3');
      expect(request.request.headers.get('If-Match')).toBe('"1"');
      request.flush(null, { status: 204, statusText: 'No Content' });
      await settle();
      backend.expectOne('/api/v1/patients/p-1/episodes?pageSize=100').flush(aPage([anEpisode()]));
      await settle();
      answerEpisode(anEpisode(), VISITS.slice(0, 2));
      await settle();
      expect(page.querySelectorAll('stride-visit-timeline li')).toHaveLength(2);
    });

    it('explains that a patient with an active episode cannot be archived', async () => {
      const page = await open();
      buttonIn(page, 'Archive patient').click();
      await settle();
      buttonIn(dialog()!, 'Archive patient').click();
      await settle();
      const request = backend.expectOne((r) => r.method === 'DELETE' && r.url === '/api/v1/patients/p-1');
      expect(request.request.headers.get('If-Match')).toBe('"1"');
      request.flush(
        { type: '/problems/conflict', title: 'Conflict', status: 409, detail: 'active episode' },
        { status: 409, statusText: 'Conflict' },
      );
      await settle();
      expect(text(dialog()!.querySelector('[role="alert"]'))).toContain(
        'This patient has an active episode of care. Discharge or cancel it first',
      );
    });

    it('shows an archived patient read-only: a badge, no edit, archive or new visit', async () => {
      harness = await RouterTestingHarness.create('/patients/p-1');
      backend.expectOne('/api/v1/patients/p-1').flush(aPatient({ archivedAt: '2026-11-02T10:00:00Z' }));
      backend
        .expectOne('/api/v1/patients/p-1/episodes?pageSize=100')
        .flush(
          aPage([
            anEpisode({ status: 'discharged', dischargeDate: '2026-11-01', dischargeReason: 'goals_met' }),
          ]),
        );
      await settle();
      answerEpisode(anEpisode({ status: 'discharged' }), VISITS.slice(0, 2));
      await settle();
      const page = harness.routeNativeElement!;
      expect(text(page.querySelector('h1'))).toContain('Archived');
      expect(text(page)).not.toContain('Edit patient');
      expect(text(page)).not.toContain('Archive patient');
      expect(text(page)).not.toContain('Edit episode');
    });

    it('edits the episode: only what changed, with If-Match', async () => {
      const page = await open();
      buttonIn(page, 'Edit episode').click();
      await settle();
      // The edit form's block is the episode panel's first (the close form and the charts follow).
      const [formBlock] = await harness.fixture.getDeferBlocks();
      await formBlock.render(DeferBlockState.Complete);
      await settle();
      const form = page.querySelector('stride-new-episode-form')!;
      const planned = form.querySelector<HTMLInputElement>('[formcontrolname="plannedVisits"]')!;
      expect(planned.value).toBe(String(anEpisode().plannedVisits));
      planned.value = '6';
      planned.dispatchEvent(new Event('input'));
      form.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
      await settle();
      const request = backend.expectOne((r) => r.method === 'PATCH' && r.url === '/api/v1/episodes/e-1');
      expect(request.request.headers.get('If-Match')).toBe('"1"');
      expect(request.request.body).toEqual({ plannedVisits: 6 });
      request.flush(anEpisode({ plannedVisits: 6, version: 2 }));
      await settle();
      backend
        .expectOne('/api/v1/patients/p-1/episodes?pageSize=100')
        .flush(aPage([anEpisode({ plannedVisits: 6 })]));
      await settle();
      answerEpisode(anEpisode({ plannedVisits: 6, version: 2 }), VISITS);
      await settle();
      expect(page.querySelector('stride-new-episode-form')).toBeNull();
    });

    it("shows the API's refusal of a start date after today on the start date field, in words", async () => {
      const page = await open();
      buttonIn(page, 'Edit episode').click();
      await settle();
      // The edit form's block is the episode panel's first (the close form and the charts follow).
      const [formBlock] = await harness.fixture.getDeferBlocks();
      await formBlock.render(DeferBlockState.Complete);
      await settle();
      const form = page.querySelector('stride-new-episode-form')!;
      const start = form.querySelector<HTMLInputElement>('[formcontrolname="startDate"]')!;
      start.value = '2027-01-04';
      start.dispatchEvent(new Event('input'));
      form.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
      await settle();
      const request = backend.expectOne((r) => r.method === 'PATCH' && r.url === '/api/v1/episodes/e-1');
      expect(request.request.body).toEqual({ startDate: '2027-01-04' });
      request.flush(
        {
          type: '/problems/validation',
          title: 'Invalid request',
          status: 400,
          errors: [{ field: 'startDate', message: 'startDate must not be after today' }],
        },
        { status: 400, statusText: 'Bad Request' },
      );
      await settle();
      expect(text(start.closest('mat-form-field'))).toContain('Start date must not be after today.');
    });
  });
});
