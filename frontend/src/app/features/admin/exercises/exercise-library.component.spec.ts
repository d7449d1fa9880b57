import { provideHttpClient } from '@angular/common/http';
import {
  HttpTestingController,
  provideHttpClientTesting,
  type TestRequest,
} from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideNoopAnimations } from '@angular/platform-browser/animations';
import { provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';

import { anExercise, aPage, problem } from '../admin.testing';
import { STALE_EXERCISE_MESSAGE } from './exercise-dialog.component';
import { EXERCISE_SEARCH_DEBOUNCE_MS, ExerciseLibraryComponent } from './exercise-library.component';

const EXERCISES = '/api/v1/exercises';

describe(ExerciseLibraryComponent.name, () => {
  let harness: RouterTestingHarness;
  let backend: HttpTestingController;
  let page: HTMLElement;

  const globalOne = anExercise({
    id: 'ex-global-1',
    name: 'Side-lying hip abduction (leg raise)',
    global: true,
    version: 1,
  });
  const own = anExercise();

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideNoopAnimations(),
        provideRouter([{ path: 'admin/exercises', component: ExerciseLibraryComponent }]),
      ],
    });
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    backend.verify();
    document.querySelectorAll('.cdk-overlay-container').forEach((e) => e.remove());
    jest.useRealTimers();
  });

  async function settle(): Promise<void> {
    for (let i = 0; i < 10; i++) {
      await Promise.resolve();
    }
    await harness.fixture.whenStable();
  }

  function expectList(): TestRequest {
    return backend.expectOne((r) => r.method === 'GET' && r.url === EXERCISES);
  }

  async function open(): Promise<void> {
    harness = await RouterTestingHarness.create('/admin/exercises');
    page = harness.routeNativeElement!;
    expectList().flush(aPage([own, globalOne], { pageSize: 25 }));
    await settle();
  }

  function row(name: string): HTMLTableRowElement {
    return [...page.querySelectorAll<HTMLTableRowElement>('tbody tr')].find((r) =>
      r.querySelector('th')!.textContent.includes(name),
    )!;
  }

  function dialog(): HTMLElement | null {
    return document.querySelector('mat-dialog-container');
  }

  function button(root: ParentNode, text: string): HTMLButtonElement {
    return [...root.querySelectorAll('button')].find((b) => b.textContent.trim() === text)!;
  }

  function type(root: ParentNode, name: string, value: string): void {
    const field = root.querySelector<HTMLInputElement | HTMLTextAreaElement>(`[formcontrolname="${name}"]`)!;
    field.value = value;
    field.dispatchEvent(new Event('input'));
  }

  describe('global library', () => {
    it('shows a global exercise read-only, with a badge and no edit button', async () => {
      await open();
      const global = row('Side-lying hip abduction');
      expect(global.querySelector('.badge')!.textContent).toContain('Global library');
      expect(global.querySelector('button')).toBeNull();
      expect(global.textContent).toContain('Read-only');

      const mine = row('Banded monster walk');
      expect(mine.querySelector('.badge')!.textContent).toContain('This clinic');
      expect(mine.querySelector('button')!.getAttribute('aria-label')).toBe('Edit Banded monster walk');
    });
  });

  describe('search', () => {
    it('searches by name as you type and filters by target, from page 1', async () => {
      await open();
      jest.useFakeTimers();
      const search = page.querySelector<HTMLInputElement>('input[type="search"]')!;
      search.value = ' monster ';
      search.dispatchEvent(new Event('input'));
      jest.advanceTimersByTime(EXERCISE_SEARCH_DEBOUNCE_MS - 1);
      backend.expectNone((r) => r.url === EXERCISES);
      jest.advanceTimersByTime(1);
      let request = expectList();
      expect(request.request.params.get('q')).toBe('monster');
      expect(request.request.params.get('target')).toBeNull();
      request.flush(aPage([own]));

      const target = page.querySelector<HTMLSelectElement>('select')!;
      target.value = 'core';
      target.dispatchEvent(new Event('change'));
      request = expectList();
      expect(request.request.params.get('q')).toBe('monster');
      expect(request.request.params.get('target')).toBe('core');
      expect(request.request.params.get('page')).toBe('1');
      request.flush(aPage([]));
      // Let the change detection scheduled under fake timers run before going back to real ones.
      jest.runOnlyPendingTimers();
      jest.useRealTimers();
      await settle();
      expect(page.querySelector('.status')!.textContent).toContain('No exercises match “monster” for Core.');
    });

    it('searches at once on Enter', async () => {
      await open();
      const search = page.querySelector<HTMLInputElement>('input[type="search"]')!;
      search.value = 'plank';
      search.dispatchEvent(new Event('input'));
      page.querySelector('form')!.dispatchEvent(new Event('submit', { cancelable: true }));
      expect(expectList().request.params.get('q')).toBe('plank');
    });
  });

  describe('edit', () => {
    async function openEdit(): Promise<HTMLElement> {
      await open();
      row('Banded monster walk').querySelector('button')!.click();
      await settle();
      return dialog()!;
    }

    it('saves the clinic’s own exercise with If-Match', async () => {
      const form = await openEdit();
      expect(form.querySelector('h2')!.textContent).toContain('Edit Banded monster walk');
      type(form, 'defaultDosage', '');
      type(form, 'name', 'Banded monster walk (forward)');
      button(form, 'Save exercise').click();
      await settle();

      const request = backend.expectOne(`${EXERCISES}/${own.id}`);
      expect(request.request.method).toBe('PATCH');
      expect(request.request.headers.get('If-Match')).toBe('"2"');
      expect(request.request.body).toEqual({
        name: 'Banded monster walk (forward)',
        targets: ['glute_medius'],
        instructions: own.instructions,
        defaultDosage: null,
      });
      request.flush({ ...own, name: 'Banded monster walk (forward)', defaultDosage: '', version: 3 });
      await settle();

      expect(dialog()).toBeNull();
      expect(page.querySelector('.notice')!.textContent).toContain(
        'Banded monster walk (forward) was saved.',
      );
      expect(row('Banded monster walk (forward)')).toBeDefined();
    });

    it('after a 412, shows the saved version and says why, then saves on it', async () => {
      const form = await openEdit();
      type(form, 'name', 'Mine');
      button(form, 'Save exercise').click();
      await settle();
      backend
        .expectOne(`${EXERCISES}/${own.id}`)
        .flush(...problem(412, { type: '/problems/stale-version', title: 'Precondition Failed' }));
      await settle();
      const reload = backend.expectOne((r) => r.method === 'GET' && r.url === `${EXERCISES}/${own.id}`);
      reload.flush({ ...own, name: 'Theirs', version: 5 });
      await settle();

      expect(form.querySelector('[role="alert"]')!.textContent).toContain(STALE_EXERCISE_MESSAGE);
      expect(form.querySelector<HTMLInputElement>('[formcontrolname="name"]')!.value).toBe('Theirs');

      button(form, 'Save exercise').click();
      await settle();
      const again = backend.expectOne(`${EXERCISES}/${own.id}`);
      expect(again.request.headers.get('If-Match')).toBe('"5"');
      again.flush({ ...own, name: 'Theirs', version: 6 });
      await settle();
    });

    it('shows a 400’s field errors beside the fields', async () => {
      const form = await openEdit();
      button(form, 'Save exercise').click();
      await settle();
      backend.expectOne(`${EXERCISES}/${own.id}`).flush(
        ...problem(400, {
          type: '/problems/validation',
          errors: [
            {
              field: 'instructions',
              message: 'instructions must be shorter than or equal to 4000 characters',
            },
          ],
        }),
      );
      await settle();
      const instructions = form.querySelector('[formcontrolname="instructions"]')!;
      expect(instructions.closest('mat-form-field')!.querySelector('mat-error')!.textContent).toContain(
        'Instructions: at most 4000 characters.',
      );
      expect(document.activeElement).toBe(instructions);
    });
  });

  describe('create', () => {
    it('adds an exercise to the clinic library and reloads the list', async () => {
      await open();
      button(page, 'New exercise').click();
      await settle();
      const form = dialog()!;
      expect(form.querySelector('h2')!.textContent).toContain('New exercise');
      button(form, 'Add exercise').click();
      await settle();
      backend.expectNone((r) => r.method === 'POST');
      expect(form.textContent).toContain('Choose at least one target.');

      type(form, 'name', 'Copenhagen plank');
      type(form, 'instructions', 'Side plank with the top leg on a bench.');
      [...form.querySelectorAll('mat-checkbox')]
        .find((c) => c.textContent.includes('Core'))!
        .querySelector('input')!
        .click();
      await settle();
      button(form, 'Add exercise').click();
      await settle();

      const request = backend.expectOne((r) => r.method === 'POST' && r.url === EXERCISES);
      expect(request.request.body).toEqual({
        name: 'Copenhagen plank',
        targets: ['core'],
        instructions: 'Side plank with the top leg on a bench.',
      });
      request.flush(anExercise({ id: 'ex-new', name: 'Copenhagen plank', targets: ['core'] }), {
        status: 201,
        statusText: 'Created',
      });
      await settle();
      expectList().flush(aPage([own, globalOne, anExercise({ id: 'ex-new', name: 'Copenhagen plank' })]));
      await settle();
      expect(page.querySelector('.notice')!.textContent).toContain(
        'Copenhagen plank was added to the clinic’s library.',
      );
    });
  });
});
