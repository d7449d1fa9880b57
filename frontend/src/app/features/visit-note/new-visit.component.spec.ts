import { provideHttpClient } from '@angular/common/http';
import {
  HttpTestingController,
  provideHttpClientTesting,
  type TestRequest,
} from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { CreateVisitDto } from '@stride/api';

import { newVisitBody } from './new-visit';
import { NewVisitComponent } from './new-visit.component';
import { noteStorage } from './note-storage';
import { aHomeProgram, anEpisode, aPrescription, aVisit, EPISODE_ID, VISIT_ID } from './visit-note.testing';

@Component({ template: 'the note' })
class NoteStubComponent {}

const API = '/api/v1';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe(NewVisitComponent.name, () => {
  let backend: HttpTestingController;
  let harness: RouterTestingHarness;

  beforeEach(() => {
    sessionStorage.clear();
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter(
          [
            { path: 'episodes/:episodeId/visits/new', component: NewVisitComponent },
            { path: 'visits/:visitId', component: NoteStubComponent },
          ],
          withComponentInputBinding(),
        ),
      ],
    });
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    backend.verify();
    jest.useRealTimers();
  });

  async function open(): Promise<HTMLElement> {
    harness = await RouterTestingHarness.create(`/episodes/${EPISODE_ID}/visits/new`);
    return harness.routeNativeElement!;
  }

  /** Answers the three reads that pick the defaults. */
  async function answerDefaults(visitCount: number, program = aHomeProgram()): Promise<void> {
    backend.expectOne(`${API}/episodes/${EPISODE_ID}`).flush(anEpisode());
    backend
      .expectOne((r) => r.url === `${API}/episodes/${EPISODE_ID}/visits`)
      .flush({
        items: Array.from({ length: visitCount }, (_, i) => aVisit({ id: `v${i}`, status: 'signed' })),
        total: visitCount,
        page: 1,
        pageSize: 100,
      });
    backend.expectOne(`${API}/episodes/${EPISODE_ID}/home-program`).flush(program);
    await settle();
  }

  /** Lets the component's promise chains and the router finish (no timers involved). */
  async function settle(): Promise<void> {
    for (let i = 0; i < 20; i++) {
      await Promise.resolve();
    }
    await harness.fixture.whenStable();
  }

  function expectCreate(): TestRequest {
    return backend.expectOne((r) => r.method === 'POST' && r.url === `${API}/episodes/${EPISODE_ID}/visits`);
  }

  describe('newVisitBody', () => {
    it('starts an initial evaluation on an episode without a signed visit, else a follow-up, dated now to the minute', () => {
      const now = Date.parse('2026-03-10T15:04:31Z');
      expect(newVisitBody([], aHomeProgram([]), now)).toEqual({
        visitDate: '2026-03-10T15:04:00.000Z',
        visitType: 'initial_evaluation',
        exercises: [],
      });
      // A stray draft does not make the next visit a follow-up.
      expect(newVisitBody([aVisit({ status: 'draft' })], aHomeProgram([]), now).visitType).toBe(
        'initial_evaluation',
      );
      expect(newVisitBody([aVisit({ status: 'signed' })], aHomeProgram([]), now).visitType).toBe('follow_up');
    });

    it('carries the home program forward as the prescription (dose only; the API copies the rest)', () => {
      const body = newVisitBody(
        [aVisit()],
        aHomeProgram([aPrescription({ holdSeconds: 30, reps: null, notes: 'each side' })]),
      );
      expect(body.exercises).toEqual([
        {
          exerciseId: aPrescription().exerciseId,
          sets: 3,
          reps: null,
          holdSeconds: 30,
          load: 'red band',
          timesPerWeek: 3,
          notes: 'each side',
        },
      ]);
    });
  });

  describe('carrying manual therapy and service lines forward', () => {
    const treated = (date: string, status: 'signed' | 'draft', region: string, cpt: string) =>
      aVisit({
        visitDate: date,
        status,
        manualTherapy: [{ technique: 'soft_tissue_mobilization', region, minutes: 8, notes: 'supine' }],
        services: [
          { cptCode: '97161', minutes: 30 },
          { cptCode: cpt, minutes: 23 },
        ],
      });

    it("copies the last signed visit's rows (visit order), not a later draft's, leaving evaluation codes behind", () => {
      const body = newVisitBody(
        [
          treated('2026-03-01T15:00:00Z', 'signed', 'ITB', '97110'),
          treated('2026-03-08T15:00:00Z', 'signed', 'TFL / lateral hip', '97140'),
          treated('2026-03-09T15:00:00Z', 'draft', 'a stray draft', '97530'),
        ],
        aHomeProgram([]),
      );
      expect(body.manualTherapy).toEqual([
        { technique: 'soft_tissue_mobilization', region: 'TFL / lateral hip', minutes: 8, notes: 'supine' },
      ]);
      expect(body.services).toEqual([{ cptCode: '97140', minutes: 23 }]);
    });

    it('carries nothing when no visit is signed yet', () => {
      const body = newVisitBody([treated('2026-03-01T15:00:00Z', 'draft', 'ITB', '97110')], aHomeProgram([]));
      expect(body.manualTherapy).toBeUndefined();
      expect(body.services).toBeUndefined();
    });
  });

  it('creates the draft with an Idempotency-Key, then replaces the URL with the note', async () => {
    const page = await open();
    expect(page.textContent).toContain('Starting the visit note');
    await answerDefaults(2);

    const create = expectCreate();
    const key = create.request.headers.get('Idempotency-Key')!;
    expect(key).toMatch(UUID);
    const body = create.request.body as CreateVisitDto;
    expect(body.visitType).toBe('follow_up');
    expect(body.exercises).toHaveLength(1);
    expect(noteStorage.readNewVisit(EPISODE_ID)).toMatchObject({ key, body });

    const navigate = jest.spyOn(TestBed.inject(Router), 'navigate');
    create.flush(aVisit(), { status: 201, statusText: 'Created', headers: { ETag: '"1"' } });
    await settle();
    expect(navigate).toHaveBeenCalledWith(['/visits', VISIT_ID], { replaceUrl: true });
    expect(TestBed.inject(Router).url).toBe(`/visits/${VISIT_ID}`);
    expect(noteStorage.readNewVisit(EPISODE_ID)).toBeNull();
  });

  it('retries a failed create with the same key and body, showing that it is offline', async () => {
    const page = await open();
    await answerDefaults(0);
    const first = expectCreate();
    const key = first.request.headers.get('Idempotency-Key');
    const body: unknown = first.request.body;

    jest.useFakeTimers();
    first.flush(null, { status: 0, statusText: 'Unknown Error' });
    await jest.advanceTimersByTimeAsync(0);
    harness.fixture.detectChanges();
    expect(page.textContent).toContain('Offline — will retry');

    await jest.advanceTimersByTimeAsync(2000);
    const second = expectCreate();
    expect(second.request.headers.get('Idempotency-Key')).toBe(key);
    expect(second.request.body).toEqual(body);
    second.flush(aVisit(), { status: 201, statusText: 'Created' });
    await jest.advanceTimersByTimeAsync(0);
    jest.useRealTimers();
    await settle();
    expect(TestBed.inject(Router).url).toBe(`/visits/${VISIT_ID}`);
  });

  it('after a reload, re-sends the stored key and body instead of starting a second draft', async () => {
    const stored = {
      key: '9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d',
      body: { visitDate: '2026-03-10T15:04:00.000Z', visitType: 'follow_up' as const, exercises: [] },
      startedAt: Date.now(),
    };
    noteStorage.writeNewVisit(EPISODE_ID, stored);
    await open();
    const create = expectCreate();
    expect(create.request.headers.get('Idempotency-Key')).toBe(stored.key);
    expect(create.request.body).toEqual(stored.body);
    create.flush(aVisit(), {
      status: 201,
      statusText: 'Created',
      headers: { 'Idempotent-Replayed': 'true' },
    });
    await settle();
    expect(TestBed.inject(Router).url).toBe(`/visits/${VISIT_ID}`);
  });

  it('says why when the API refuses for good, and forgets that key', async () => {
    const page = await open();
    await answerDefaults(1);
    expectCreate().flush(
      {
        type: '/problems/validation',
        title: 'Invalid request',
        status: 400,
        errors: [
          {
            field: 'visitDate',
            message: "visitDate falls on 2026-03-01, before the episode's start date 2026-03-02",
          },
        ],
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await settle();
    expect(page.querySelector('[role="alert"]')?.textContent).toContain("before the episode's start date");
    expect(page.textContent).toContain('Start again');
    expect(page.querySelector('a')?.getAttribute('href')).toBe(
      `/patients/${anEpisode().patientId}?episode=${EPISODE_ID}`,
    );
    expect(noteStorage.readNewVisit(EPISODE_ID)).toBeNull();
  });

  it('starts nothing on a discharged episode', async () => {
    const page = await open();
    backend.expectOne(`${API}/episodes/${EPISODE_ID}`).flush(anEpisode({ status: 'discharged' }));
    backend
      .expectOne((r) => r.url === `${API}/episodes/${EPISODE_ID}/visits`)
      .flush({ items: [], total: 0, page: 1, pageSize: 100 });
    backend.expectOne(`${API}/episodes/${EPISODE_ID}/home-program`).flush(aHomeProgram([]));
    await settle();
    expect(page.querySelector('[role="alert"]')?.textContent).toContain('This episode is discharged');
    backend.expectNone((r) => r.method === 'POST');
  });
});
