import { provideHttpClient } from '@angular/common/http';
import {
  HttpTestingController,
  provideHttpClientTesting,
  type TestRequest,
} from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { VisitView } from '@stride/api';

import { DEBOUNCE_MS, NoteAutosaveService } from './note-autosave.service';
import { formFromVisit } from './note-fields';
import {
  applyNoteFieldErrors,
  blockedKeys,
  buildNoteForm,
  manualTherapyGroup,
  type NoteForm,
  readNoteForm,
  setNoteForm,
} from './note-form';
import { noteStorage } from './note-storage';
import { aVisit, KM_CONTEXT, TEST_INSTRUMENTS, VISIT_ID } from './visit-note.testing';

const VISIT_URL = `/api/v1/visits/${VISIT_ID}`;

describe(NoteAutosaveService.name, () => {
  let backend: HttpTestingController;
  let autosave: NoteAutosaveService;
  let form: NoteForm;

  beforeEach(() => {
    jest.useFakeTimers({ now: new Date('2026-03-10T18:00:00Z') });
    sessionStorage.clear();
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), NoteAutosaveService],
    });
    backend = TestBed.inject(HttpTestingController);
    autosave = TestBed.inject(NoteAutosaveService);
  });

  afterEach(() => {
    backend.verify();
    jest.useRealTimers();
  });

  /** Builds the form the page would, starts autosave on `visit`, and wires edits to it. */
  function start(visit: VisitView = aVisit()): void {
    form = buildNoteForm(TEST_INSTRUMENTS, {
      episodeStart: '2026-03-02',
      timeZone: KM_CONTEXT.timeZone,
      unit: 'km',
    });
    setNoteForm(form, formFromVisit(visit, KM_CONTEXT));
    autosave.start(visit, KM_CONTEXT, {
      read: () => ({ value: readNoteForm(form), blocked: blockedKeys(form) }),
      write: (value) => setNoteForm(form, value),
      showFieldErrors: (errors, sent) => applyNoteFieldErrors(form, errors, sent),
    });
    form.valueChanges.subscribe(() => autosave.edited());
  }

  /** Lets promise callbacks run (and any timers due now). */
  const settle = () => jest.advanceTimersByTimeAsync(0);

  function expectPatch(): TestRequest {
    const request = backend.expectOne((r) => r.method === 'PATCH' && r.url === VISIT_URL);
    return request;
  }

  function answer(request: TestRequest, visit: VisitView): Promise<void> {
    request.flush(visit, { headers: { ETag: `"${visit.version}"` } });
    return settle();
  }

  function fail(
    request: TestRequest,
    status: number,
    body: object | null = null,
    headers: Record<string, string> = {},
  ) {
    request.flush(body, { status, statusText: 'x', headers });
    return settle();
  }

  describe('debounce and PATCH', () => {
    it('saves 1.2 s after the last edit, with If-Match and only the changed fields', async () => {
      start();
      form.controls.subjective.setValue('Ran 3 km');
      jest.advanceTimersByTime(1000);
      form.controls.subjective.setValue('Ran 5 km');
      jest.advanceTimersByTime(DEBOUNCE_MS - 1);
      backend.expectNone(VISIT_URL);
      expect(autosave.status()).toBe('pending');

      jest.advanceTimersByTime(1);
      const request = expectPatch();
      expect(request.request.headers.get('If-Match')).toBe('"1"');
      expect(request.request.body).toEqual({ subjective: 'Ran 5 km' });
      expect(autosave.status()).toBe('saving');

      await answer(request, aVisit({ subjective: 'Ran 5 km', version: 2 }));
      expect(autosave.status()).toBe('saved');
      expect(autosave.visit()?.version).toBe(2);
    });

    it('bases the next save on the version the API answered, arrays whole', async () => {
      start();
      form.controls.subjective.setValue('Ran 5 km');
      jest.advanceTimersByTime(DEBOUNCE_MS);
      await answer(expectPatch(), aVisit({ subjective: 'Ran 5 km', version: 2 }));

      form.controls.exercises.at(0).controls.load.setValue('green band');
      jest.advanceTimersByTime(DEBOUNCE_MS);
      const request = expectPatch();
      expect(request.request.headers.get('If-Match')).toBe('"2"');
      expect(Object.keys(request.request.body as object)).toEqual(['exercises']);
      await answer(request, aVisit({ subjective: 'Ran 5 km', version: 3 }));
    });

    it('sends nothing when an edit is undone before the debounce ends', () => {
      start();
      form.controls.plan.setValue('x');
      form.controls.plan.setValue('');
      jest.advanceTimersByTime(DEBOUNCE_MS * 2);
      backend.expectNone(VISIT_URL);
      expect(autosave.status()).toBe('saved');
    });

    it('holds back a field that is invalid here and saves the rest', async () => {
      start();
      form.controls.measurements.controls.nprs_activity.setValue(11);
      form.controls.subjective.setValue('Sore after hills');
      jest.advanceTimersByTime(DEBOUNCE_MS);
      const request = expectPatch();
      expect(request.request.body).toEqual({ subjective: 'Sore after hills' });
      await answer(request, aVisit({ subjective: 'Sore after hills', version: 2 }));
      expect(autosave.status()).toBe('invalid');
      expect(autosave.unsavedKeys()).toEqual(['measurements']);
    });

    it('flush sends pending edits at once and resolves when they are acknowledged', async () => {
      start();
      form.controls.plan.setValue('Hops next week');
      const flushed = autosave.flush();
      await settle();
      await answer(expectPatch(), aVisit({ plan: 'Hops next week', version: 2 }));
      await expect(flushed).resolves.toBe(true);
    });
  });

  describe('412 — saved elsewhere', () => {
    async function stale(theirs: VisitView): Promise<void> {
      jest.advanceTimersByTime(DEBOUNCE_MS);
      await fail(expectPatch(), 412, {
        type: '/problems/stale-version',
        title: 'Stale version',
        status: 412,
      });
      const get = backend.expectOne((r) => r.method === 'GET' && r.url === VISIT_URL);
      get.flush(theirs, { headers: { ETag: `"${theirs.version}"` } });
      await settle();
    }

    it('shows theirs vs mine field by field and sends nothing until the therapist chooses', async () => {
      start();
      form.controls.subjective.setValue('Mine: pain 4/10');
      await stale(aVisit({ subjective: 'Theirs: pain 2/10', plan: 'Their plan', version: 3 }));

      expect(autosave.status()).toBe('conflict');
      const conflict = autosave.conflict()!;
      expect(conflict.rows).toEqual([
        { key: 'subjective', kind: 'both', theirs: 'Theirs: pain 2/10', mine: 'Mine: pain 4/10' },
      ]);
      // Fields only they changed are taken in at once.
      expect(conflict.takenFromTheirs).toEqual(['plan']);
      expect(form.controls.plan.value).toBe('Their plan');

      form.controls.objective.setValue('Still typing');
      jest.advanceTimersByTime(DEBOUNCE_MS * 3);
      backend.expectNone(VISIT_URL);
    });

    it('take mine: re-sends my fields with the new ETag', async () => {
      start();
      form.controls.subjective.setValue('Mine');
      await stale(aVisit({ subjective: 'Theirs', version: 3 }));

      const saved = autosave.takeMine();
      await settle();
      const request = expectPatch();
      expect(request.request.headers.get('If-Match')).toBe('"3"');
      expect(request.request.body).toEqual({ subjective: 'Mine' });
      await answer(request, aVisit({ subjective: 'Mine', version: 4 }));
      await expect(saved).resolves.toBe(true);
      expect(autosave.conflict()).toBeNull();
      expect(autosave.status()).toBe('saved');
    });

    it('keep theirs: the form shows their version and nothing is sent', async () => {
      start();
      form.controls.subjective.setValue('Mine');
      await stale(aVisit({ subjective: 'Theirs', version: 3 }));

      autosave.keepTheirs();
      expect(form.controls.subjective.value).toBe('Theirs');
      expect(autosave.status()).toBe('saved');
      jest.advanceTimersByTime(DEBOUNCE_MS * 2);
      backend.expectNone(VISIT_URL);
      expect(noteStorage.readEdits(VISIT_ID)).toBeNull();
    });

    it('needs no decision when the server already holds my values (a lost answer)', async () => {
      start();
      form.controls.subjective.setValue('Mine');
      await stale(aVisit({ subjective: 'Mine', version: 2 }));
      expect(autosave.conflict()).toBeNull();
      expect(autosave.status()).toBe('saved');
      backend.expectNone(VISIT_URL);
    });
  });

  describe('offline', () => {
    it('retries with backoff showing "Offline — will retry", and at once when back online', async () => {
      start();
      form.controls.subjective.setValue('Written on flaky Wi-Fi');
      jest.advanceTimersByTime(DEBOUNCE_MS);
      await fail(expectPatch(), 0);
      expect(autosave.status()).toBe('offline');

      await jest.advanceTimersByTimeAsync(1999);
      backend.expectNone(VISIT_URL);
      await jest.advanceTimersByTimeAsync(1);
      await fail(expectPatch(), 503);
      // Second failure: 4 s.
      await jest.advanceTimersByTimeAsync(3999);
      backend.expectNone(VISIT_URL);

      window.dispatchEvent(new Event('online'));
      await settle();
      const request = expectPatch();
      expect(request.request.body).toEqual({ subjective: 'Written on flaky Wi-Fi' });
      await answer(request, aVisit({ subjective: 'Written on flaky Wi-Fi', version: 2 }));
      expect(autosave.status()).toBe('saved');
    });
  });

  describe('sessionStorage', () => {
    it('keeps unacknowledged edits with their base version, and forgets them once saved', async () => {
      start();
      form.controls.plan.setValue('Hops');
      expect(noteStorage.readEdits(VISIT_ID)).toMatchObject({
        baseVersion: 1,
        keys: ['plan'],
        base: { plan: '' },
        mine: { plan: 'Hops' },
      });
      jest.advanceTimersByTime(DEBOUNCE_MS);
      await answer(expectPatch(), aVisit({ plan: 'Hops', version: 2 }));
      expect(noteStorage.readEdits(VISIT_ID)).toBeNull();
    });

    it('restores them after a reload and sends them straight away', async () => {
      start();
      form.controls.plan.setValue('Typed just before the reload');
      TestBed.resetTestingModule();

      TestBed.configureTestingModule({
        providers: [provideHttpClient(), provideHttpClientTesting(), NoteAutosaveService],
      });
      backend = TestBed.inject(HttpTestingController);
      autosave = TestBed.inject(NoteAutosaveService);
      start(aVisit());
      expect(form.controls.plan.value).toBe('Typed just before the reload');
      expect(autosave.status()).toBe('pending');
      await settle();
      const request = expectPatch();
      expect(request.request.body).toEqual({ plan: 'Typed just before the reload' });
      await answer(request, aVisit({ plan: 'Typed just before the reload', version: 2 }));
    });

    it('shows a conflict when the note moved on while the edits waited', () => {
      noteStorage.writeEdits(VISIT_ID, {
        baseVersion: 1,
        keys: ['plan'],
        base: { plan: '' },
        mine: { plan: 'Mine' },
        savedAt: Date.now(),
      });
      start(aVisit({ plan: 'Theirs', version: 4 }));
      expect(autosave.status()).toBe('conflict');
      expect(autosave.conflict()?.rows).toEqual([
        { key: 'plan', kind: 'both', theirs: 'Theirs', mine: 'Mine' },
      ]);
      expect(form.controls.plan.value).toBe('Mine');
      jest.advanceTimersByTime(DEBOUNCE_MS * 2);
      backend.expectNone(VISIT_URL);
    });
  });

  describe('refusals', () => {
    it('400: puts the message on the field, which waits while the rest saves', async () => {
      start();
      form.controls.manualTherapy.push(manualTherapyGroup({ region: 'TFL', minutes: 8 }));
      form.controls.subjective.setValue('Better');
      jest.advanceTimersByTime(DEBOUNCE_MS);
      await fail(expectPatch(), 400, {
        type: '/problems/validation',
        title: 'Invalid request',
        status: 400,
        errors: [{ field: 'manualTherapy[0].region', message: 'region is not allowed here' }],
      });
      expect(form.get('manualTherapy.0.region')?.getError('server')).toBe('Region is not allowed here.');
      const retry = expectPatch();
      expect(retry.request.body).toEqual({ subjective: 'Better' });
      await answer(retry, aVisit({ subjective: 'Better', version: 2 }));
      expect(autosave.status()).toBe('invalid');
    });

    it('409 visit-signed: the note locks and the unsaved edits are kept to copy', async () => {
      start();
      form.controls.plan.setValue('Too late');
      jest.advanceTimersByTime(DEBOUNCE_MS);
      await fail(expectPatch(), 409, { type: '/problems/visit-signed', title: 'Visit signed', status: 409 });
      backend
        .expectOne((r) => r.method === 'GET' && r.url === VISIT_URL)
        .flush(aVisit({ status: 'signed', version: 3 }));
      await settle();
      expect(autosave.status()).toBe('locked');
      expect(autosave.orphaned()).toEqual({ keys: ['plan'], values: { plan: 'Too late' } });
      expect(noteStorage.readEdits(VISIT_ID)).toBeNull();
    });
  });
});
