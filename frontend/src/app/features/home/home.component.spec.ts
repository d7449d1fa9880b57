import { ApplicationRef, Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';

import { aUser } from '../../../testing/fixtures';
import type { UserView as User } from '@stride/api';
import { AuthService } from '../../core/auth/auth.service';
import { PatientSearchState } from '../patients/patient-search.state';
import { RecentPatientsService } from '../patients/recent-patients.service';
import { HomeComponent } from './home.component';

@Component({ template: 'list' })
class ListStubComponent {}

describe(HomeComponent.name, () => {
  async function render(user: User, before?: () => void): Promise<HTMLElement> {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([{ path: '**', component: ListStubComponent }]),
        { provide: AuthService, useValue: { user: signal(user) } },
      ],
    });
    before?.();
    const fixture = TestBed.createComponent(HomeComponent);
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  it('greets the user and shows their clinic, its time zone and units, and their roles', async () => {
    const page = await render(
      aUser({
        fullName: 'Sam Okafor',
        roles: ['admin'],
        clinic: { id: 'c-2', name: 'Harbor PT', timezone: 'America/Chicago', distanceUnit: 'mi' },
      }),
    );
    const facts = Array.from(page.querySelectorAll('dt'), (term) => [
      term.textContent.trim(),
      term.nextElementSibling!.textContent.trim(),
    ]);

    expect(page.querySelector('h1')!.textContent).toBe('Welcome, Sam Okafor');
    expect(Array.from(page.querySelectorAll('h2'), (h) => h.textContent.trim())).toEqual([
      'Find a patient',
      'Recently opened',
      'Harbor PT',
    ]);
    expect(facts).toEqual([
      ['Time zone', 'America/Chicago'],
      ['Distances shown in', 'Miles (mi)'],
      ['Your roles', 'Administrator'],
    ]);
  });

  describe('find a patient', () => {
    it('opens the patient list with the search, keeping it out of the URL', async () => {
      const page = await render(aUser());
      const input = page.querySelector<HTMLInputElement>('input[type="search"]')!;
      expect(input.labels![0].textContent).toContain('Name or MRN');

      input.value = ' Alvarez ';
      input.dispatchEvent(new Event('input'));
      page.querySelector('form')!.dispatchEvent(new Event('submit'));
      await TestBed.inject(ApplicationRef).whenStable();

      expect(TestBed.inject(Router).url).toBe('/patients');
      expect(TestBed.inject(PatientSearchState).q()).toBe('Alvarez');
    });

    it('links to all patients, and to New patient for therapists', async () => {
      const page = await render(aUser({ roles: ['therapist'] }));
      const links = Array.from(page.querySelectorAll('.links a'), (a) => [
        a.textContent.trim(),
        a.getAttribute('href'),
      ]);
      expect(links).toEqual([
        ['All patients', '/patients'],
        ['New patient', '/patients/new'],
      ]);
    });
  });

  describe('recent patients', () => {
    it('explains the list before any chart is opened', async () => {
      const page = await render(aUser());
      expect(page.textContent).toContain('Charts you open appear here until you sign out.');
    });

    it('lists the charts opened last, each a link', async () => {
      const page = await render(aUser(), () =>
        TestBed.inject(RecentPatientsService).record({
          id: 'p-7',
          firstName: 'Hana',
          lastName: 'Kim',
          mrn: 'P-000020',
        }),
      );

      const link = page.querySelector<HTMLAnchorElement>('stride-recent-patients a')!;
      expect(link.textContent.replace(/\s+/g, ' ').trim()).toBe('Kim, Hana, MRN P-000020');
      expect(link.getAttribute('href')).toBe('/patients/p-7');
    });
  });
});
