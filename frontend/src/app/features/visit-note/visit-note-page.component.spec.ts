import { provideHttpClient } from '@angular/common/http';
import {
  HttpTestingController,
  provideHttpClientTesting,
  type TestRequest,
} from '@angular/common/http/testing';
import { Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideNoopAnimations } from '@angular/platform-browser/animations';
import { provideRouter, Router, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { VisitView } from '@stride/api';

import { aUser } from '../../../testing/fixtures';
import { AuthService } from '../../core/auth/auth.service';
import { SIGN_CONSEQUENCE } from './sign-dialog.component';
import { VisitNotePageComponent } from './visit-note-page.component';
import { leaveVisitNoteGuard } from './visit-note.routes';
import {
  anEpisode,
  aPatient,
  aSignedVisit,
  aVisit,
  EPISODE_ID,
  PATIENT_ID,
  TEST_INSTRUMENTS,
  VISIT_ID,
} from './visit-note.testing';

@Component({ template: 'elsewhere' })
class ElsewhereComponent {}

const API = '/api/v1';
const VISIT_URL = `${API}/visits/${VISIT_ID}`;

describe(VisitNotePageComponent.name, () => {
  let backend: HttpTestingController;
  let harness: RouterTestingHarness;
  let page: HTMLElement;

  beforeEach(() => {
    sessionStorage.clear();
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideNoopAnimations(),
        provideRouter(
          [
            {
              path: 'visits/:visitId',
              component: VisitNotePageComponent,
              canDeactivate: [leaveVisitNoteGuard],
            },
            { path: '**', component: ElsewhereComponent },
          ],
          withComponentInputBinding(),
        ),
        {
          provide: AuthService,
          useValue: {
            user: signal(
              aUser({
                id: 'user-1',
                clinic: { id: 'c', name: 'Clinic', timezone: 'UTC', distanceUnit: 'km' },
              }),
            ),
            signedIn: signal(true),
          },
        },
      ],
    });
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    backend.verify();
    document.querySelectorAll('.cdk-overlay-container').forEach((e) => e.remove());
  });

  async function microtasks(): Promise<void> {
    for (let i = 0; i < 20; i++) {
      await Promise.resolve();
    }
  }

  async function settle(): Promise<void> {
    await microtasks();
    await harness.fixture.whenStable();
  }

  const earlier = [
    aSignedVisit('v1', '2026-03-02T16:00:00.000Z', 7, 10),
    aSignedVisit('v2', '2026-03-05T16:00:00.000Z', 5, 11),
  ];

  /** Opens the note and answers its reads. */
  async function open(visit: VisitView = aVisit()): Promise<void> {
    harness = await RouterTestingHarness.create(`/visits/${VISIT_ID}`);
    page = harness.routeNativeElement!;
    backend.expectOne(VISIT_URL).flush(visit, { headers: { ETag: `"${visit.version}"` } });
    await settle();
    backend.expectOne(`${API}/episodes/${EPISODE_ID}`).flush(anEpisode());
    backend.expectOne(`${API}/patients/${PATIENT_ID}`).flush(aPatient());
    backend
      .expectOne((r) => r.url === `${API}/episodes/${EPISODE_ID}/visits`)
      .flush({ items: [...earlier, visit], total: 3, page: 1, pageSize: 100 });
    backend.expectOne(`${API}/instruments`).flush(TEST_INSTRUMENTS);
    backend
      .expectOne((r) => r.url === `${API}/exercises`)
      .flush({ items: [], total: 0, page: 1, pageSize: 100 });
    await settle();
  }

  function type(selector: string, value: string): void {
    const input = page.querySelector<HTMLInputElement>(selector)!;
    input.value = value;
    input.dispatchEvent(new Event('input'));
  }

  function press(init: KeyboardEventInit): void {
    document.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init }));
  }

  function dialog(): HTMLElement | null {
    return document.querySelector('mat-dialog-container');
  }

  function button(root: ParentNode, text: string): HTMLButtonElement {
    return [...root.querySelectorAll('button')].find((b) => b.textContent.includes(text))!;
  }

  function expectPatch(): TestRequest {
    return backend.expectOne((r) => r.method === 'PATCH' && r.url === VISIT_URL);
  }

  it('shows who, what and when: patient, MRN, diagnosis, visit n of planned, week, save status', async () => {
    await open();
    expect(page.querySelector('h1')?.textContent).toContain('Ava Alvarez');
    expect(page.querySelector('h1')?.textContent).toContain('P-000007');
    const facts = page.querySelector('.facts')!.textContent;
    expect(facts).toContain('M76.31 Iliotibial band syndrome, right leg');
    expect(facts).toContain('Visit 3 of 4 planned');
    expect(facts).toContain('Week 2');
    expect(page.querySelector('[role="status"].save-status')?.textContent).toContain('Saved');
    // The carried-forward prescription is editable in place.
    expect(page.querySelector<HTMLInputElement>('[data-row="0"] input[formcontrolname="load"]')?.value).toBe(
      'red band',
    );
  });

  it('shows each measurement’s range and the change since baseline as it is typed', async () => {
    await open();
    const pain = page.querySelector<HTMLInputElement>('#measure-nprs_activity')!;
    expect(pain.getAttribute('min')).toBe('0');
    expect(pain.getAttribute('max')).toBe('10');
    expect(pain.getAttribute('step')).toBe('1');
    expect(pain.closest('.measure')?.textContent).toContain('0–10');
    expect(pain.closest('.measure')?.textContent).toContain('Baseline 7');
    type('#measure-nprs_activity', '3');
    await settle();
    expect(pain.closest('.measure')?.querySelector('.change')?.textContent).toContain(
      '−4 since baseline 7 · MCID reached',
    );
  });

  it('warns in words when the weekly distance rises more than 10%', async () => {
    await open();
    type('input[formcontrolname="weeklyDistance"]', '12.2');
    await settle();
    expect(page.querySelector('.load-warning')?.textContent).toContain(
      'Weekly distance rises more than 10%: 11 → 12.2 km',
    );
    type('input[formcontrolname="weeklyDistance"]', '12.1');
    await settle();
    expect(page.querySelector('.load-warning')).toBeNull();
  });

  describe('keyboard', () => {
    it('Alt+M adds a manual-therapy row with its region focused; Alt+B a service line with live units', async () => {
      await open();
      press({ altKey: true, code: 'KeyM', key: 'µ' });
      await settle();
      expect(document.activeElement).toBe(
        page.querySelector('[data-row="0"] input[formcontrolname="region"]'),
      );

      press({ altKey: true, code: 'KeyB', key: '∫' });
      await settle();
      const minutes = page.querySelector<HTMLInputElement>('.svc-row input[formcontrolname="minutes"]')!;
      expect(document.activeElement).toBe(minutes);
      type('.svc-row input[formcontrolname="minutes"]', '23');
      await settle();
      expect(page.querySelector('[data-units="0"]')?.textContent).toBe('2');
      expect(page.querySelector('.billing-total')?.textContent).toContain('23 timed minutes → 2');
    });

    it('Ctrl+S saves at once', async () => {
      await open();
      type('textarea[formcontrolname="plan"]', 'Add hops');
      press({ ctrlKey: true, key: 's' });
      await settle();
      const patch = expectPatch();
      expect(patch.request.body).toEqual({ plan: 'Add hops' });
      patch.flush(aVisit({ plan: 'Add hops', version: 2 }));
      await settle();
      expect(page.querySelector('.save-status')?.textContent).toContain('Saved');
    });
  });

  describe('signing', () => {
    it('asks first naming the consequence, flushes the pending save, signs with If-Match, then shows the note read-only', async () => {
      await open();
      type('#measure-nprs_activity', '3');
      press({ ctrlKey: true, key: 'Enter' });
      await settle();
      expect(dialog()?.textContent).toContain(SIGN_CONSEQUENCE);
      backend.expectNone((r) => r.method !== 'GET');

      button(dialog()!, 'Sign note').click();
      await settle();
      const patch = expectPatch();
      expect(patch.request.body).toEqual({ measurements: [{ instrument: 'nprs_activity', value: 3 }] });
      patch.flush(aVisit({ measurements: [{ instrument: 'nprs_activity', value: 3 }], version: 2 }));
      await settle();

      const sign = backend.expectOne((r) => r.method === 'POST' && r.url === `${VISIT_URL}/sign`);
      expect(sign.request.headers.get('If-Match')).toBe('"2"');
      sign.flush(
        aVisit({
          measurements: [{ instrument: 'nprs_activity', value: 3 }],
          status: 'signed',
          version: 3,
          signedAt: '2026-03-10T16:00:00.000Z',
          signedBy: 'user-1',
        }),
      );
      await settle();
      expect(dialog()).toBeNull();
      expect(page.querySelector('.save-status')?.textContent).toContain('Signed — read-only');
      expect(page.querySelector('textarea[formcontrolname="subjective"]')).toBeNull();
      expect(button(page, 'Add addendum')).toBeTruthy();
      expect(page.textContent).toContain('−4 since baseline 7 · MCID reached');
    });

    it('shows why signing was refused, in the dialog and next to the field', async () => {
      await open(aVisit({ visitType: 'initial_evaluation' }));
      press({ metaKey: true, key: 'Enter' });
      await settle();
      button(dialog()!, 'Sign note').click();
      await settle();
      backend.expectOne(`${VISIT_URL}/sign`).flush(
        {
          type: '/problems/sign-incomplete',
          title: 'Cannot sign yet',
          status: 422,
          detail: 'A initial evaluation needs a pain score (nprs_activity) to be signed.',
          errors: [{ field: 'measurements', message: 'nprs_activity is required to sign this visit type' }],
        },
        { status: 422, statusText: 'Unprocessable Entity' },
      );
      await settle();
      // In plain words: "an initial evaluation", the instrument by its name (issue 14).
      expect(dialog()?.querySelector('[role="alert"]')?.textContent).toContain(
        'An initial evaluation needs a pain score (Pain during running / aggravating activity (NPRS)) to be signed.',
      );
      button(dialog()!, 'Cancel').click();
      await settle();
      expect(page.querySelector('#measure-nprs_activity')?.closest('mat-form-field')?.textContent).toContain(
        'Pain during running / aggravating activity (NPRS) is required to sign this visit type.',
      );
    });

    it('shows a 403 for a visit someone else created', async () => {
      await open(aVisit({ therapistId: 'someone-else' }));
      press({ ctrlKey: true, key: 'Enter' });
      await settle();
      button(dialog()!, 'Sign note').click();
      await settle();
      backend.expectOne(`${VISIT_URL}/sign`).flush(
        {
          type: '/problems/forbidden',
          title: 'Forbidden',
          status: 403,
          detail: 'Only the therapist who created the visit can sign it.',
        },
        { status: 403, statusText: 'Forbidden' },
      );
      await settle();
      expect(dialog()?.textContent).toContain('Only the therapist who created the visit can sign it.');
    });
  });

  it('adds an addendum to a signed note, once for a double click', async () => {
    await open(
      aVisit({ status: 'signed', version: 3, signedAt: '2026-03-10T16:00:00.000Z', signedBy: 'user-1' }),
    );
    const text = page.querySelector<HTMLTextAreaElement>('.addendum-form textarea')!;
    text.value = 'Pain 2/10 on the next run.';
    text.dispatchEvent(new Event('input'));
    // A double click: the second click, while the first is on its way, sends nothing.
    button(page, 'Add addendum').click();
    button(page, 'Add addendum').click();
    await settle();
    const post = backend.expectOne(`${VISIT_URL}/addenda`);
    expect(post.request.body).toEqual({ text: 'Pain 2/10 on the next run.' });
    expect(post.request.headers.get('Idempotency-Key')).toBeTruthy();
    post.flush(
      aVisit({
        status: 'signed',
        version: 3,
        addenda: [
          {
            id: 'a1',
            text: 'Pain 2/10 on the next run.',
            authorId: 'user-1',
            createdAt: '2026-03-11T09:00:00.000Z',
          },
        ],
      }),
      { status: 201, statusText: 'Created' },
    );
    await settle();
    expect(page.querySelector('.addendum')?.textContent).toContain('Pain 2/10 on the next run.');
    expect(page.querySelector('.addendum')?.textContent).toContain('you');
  });

  it('flushes the pending save before leaving the note', async () => {
    await open();
    type('textarea[formcontrolname="assessment"]', 'Improving');
    const navigated = TestBed.inject(Router).navigateByUrl('/patients');
    // Not whenStable: the navigation itself is what waits for the save.
    await microtasks();
    const patch = expectPatch();
    expect(patch.request.body).toEqual({ assessment: 'Improving' });
    patch.flush(aVisit({ assessment: 'Improving', version: 2 }));
    await expect(navigated).resolves.toBe(true);
  });

  it('asks before leaving when the save fails', async () => {
    await open();
    type('textarea[formcontrolname="assessment"]', 'Improving');
    const navigated = TestBed.inject(Router).navigateByUrl('/patients');
    await microtasks();
    expectPatch().flush(null, { status: 0, statusText: 'Unknown Error' });
    await microtasks();
    harness.fixture.detectChanges();
    expect(dialog()?.textContent).toContain('Leave with unsaved changes?');
    button(dialog()!, 'Stay on the note').click();
    await expect(navigated).resolves.toBe(false);
    // The offline retry is still scheduled; the edit is still kept for this tab.
    expect(sessionStorage.getItem(`stride.visit-note.edits.${VISIT_ID}`)).toContain('Improving');
  });

  describe('deleting the draft', () => {
    it("asks, deletes with If-Match, forgets the tab's edits and goes back to the chart", async () => {
      await open(aVisit({ version: 3 }));
      button(page, 'Delete draft').click();
      await settle();
      expect(dialog()?.textContent).toContain('Delete this draft?');
      button(dialog()!, 'Delete draft').click();
      await settle();
      const request = backend.expectOne((r) => r.method === 'DELETE' && r.url === VISIT_URL);
      expect(request.request.headers.get('If-Match')).toBe('"3"');
      request.flush(null, { status: 204, statusText: 'No Content' });
      await settle();
      await settle();
      expect(TestBed.inject(Router).url).toBe(`/patients/${PATIENT_ID}?episode=${EPISODE_ID}`);
      expect(sessionStorage.getItem(`stride.visit-note.edits.${VISIT_ID}`)).toBeNull();
    });

    it('shows why a delete was refused in the dialog and keeps the note', async () => {
      await open();
      button(page, 'Delete draft').click();
      await settle();
      button(dialog()!, 'Delete draft').click();
      await settle();
      backend
        .expectOne((r) => r.method === 'DELETE' && r.url === VISIT_URL)
        .flush(
          { type: '/problems/forbidden', title: 'Forbidden', status: 403 },
          { status: 403, statusText: 'Forbidden' },
        );
      await settle();
      expect(dialog()?.querySelector('[role="alert"]')?.textContent).toContain(
        'Only the therapist who started this draft can delete it.',
      );
      expect(TestBed.inject(Router).url).toBe(`/visits/${VISIT_ID}`);
    });

    it('is offered only to the therapist who started the draft', async () => {
      await open(aVisit({ therapistId: 'someone-else' }));
      expect(button(page, 'Delete draft')).toBeUndefined();
    });
  });
});
