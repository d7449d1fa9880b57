import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';

import { aUser } from '../../../../testing/fixtures';
import { AuthService } from '../../../core/auth/auth.service';
import { aPatient } from '../../patients/patients.fixtures';
import { aHomeProgram, anEpisode, aVisit, readText } from '../chart.fixtures';
import { HomeProgramPrintComponent } from './home-program-print.component';

describe(HomeProgramPrintComponent.name, () => {
  let harness: RouterTestingHarness;
  let backend: HttpTestingController;

  beforeEach(() => {
    jest.useFakeTimers({
      now: new Date('2026-11-24T19:00:00Z'),
      doNotFake: [
        'setTimeout',
        'clearTimeout',
        'queueMicrotask',
        'nextTick',
        'requestAnimationFrame',
        'cancelAnimationFrame',
        'setInterval',
        'clearInterval',
        'setImmediate',
        'clearImmediate',
        'performance',
      ],
    });
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter(
          [
            {
              path: 'patients/:patientId',
              children: [{ path: 'home-program/:episodeId', component: HomeProgramPrintComponent }],
            },
          ],
          withComponentInputBinding(),
        ),
        { provide: AuthService, useValue: { user: signal(aUser({ id: 'user-1', fullName: 'Maya Lind' })) } },
      ],
    });
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    backend.verify();
    jest.useRealTimers();
  });

  async function open(program = aHomeProgram()): Promise<HTMLElement> {
    harness = await RouterTestingHarness.create('/patients/p-1/home-program/e-1');
    backend.expectOne('/api/v1/patients/p-1').flush(aPatient());
    backend.expectOne('/api/v1/episodes/e-1').flush(anEpisode());
    backend.expectOne('/api/v1/episodes/e-1/home-program').flush(program);
    await harness.fixture.whenStable();
    if (program.visitId) {
      backend
        .expectOne(`/api/v1/visits/${program.visitId}`)
        .flush(aVisit({ id: program.visitId, visitDate: '2026-11-12T16:00:00Z' }));
      await harness.fixture.whenStable();
    }
    return harness.routeNativeElement!;
  }

  const text = readText;

  it('prints the clinic, the patient, the date and each exercise with its dose and instructions', async () => {
    const page = await open();
    const handout = page.querySelector('.handout')!;

    expect(text(handout.querySelector('.clinic'))).toBe('Riverside Sports Rehab');
    expect(text(handout.querySelector('h1'))).toBe('Your home exercise programme');
    expect(Array.from(handout.querySelectorAll('.facts div'), text)).toEqual([
      'For Ava Alvarez',
      'Date Nov 24, 2026',
      'Therapist Maya Lind',
      'Condition Iliotibial band syndrome, right leg',
    ]);
    expect(text(handout.querySelector('.exercises li'))).toBe(
      '1. Lateral band walk 3 sets × 15 reps · blue band · 3 times a week Step sideways with the band taut.',
    );
    expect(text(handout.querySelector('footer'))).toContain('Prescribed at your visit on Thu, Nov 12, 2026.');
  });

  it('opens the browser’s print dialog from Print, with screen-only controls marked to stay off paper', async () => {
    const print = jest.spyOn(window, 'print').mockImplementation(() => undefined);
    const page = await open();
    const button = Array.from(page.querySelectorAll('button')).find((b) => text(b) === 'Print')!;
    button.click();

    expect(print).toHaveBeenCalledTimes(1);
    expect(button.closest('.no-print')).not.toBeNull();
    expect(page.querySelector('a.back')!.closest('.no-print')).not.toBeNull();
  });

  it('says when there is no programme yet, and offers nothing to print', async () => {
    const page = await open({ visitId: null, items: [] });
    expect(text(page.querySelector('.empty'))).toContain('There is no home programme yet');
    expect(Array.from(page.querySelectorAll('button')).find((b) => text(b) === 'Print')!.disabled).toBe(true);
  });
});
