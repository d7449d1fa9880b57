import { TestBed } from '@angular/core/testing';

import { aUser } from '../../../testing/fixtures';
import { AuthService } from '../../core/auth/auth.service';
import type { User } from '../../core/api/api.types';
import { HomeComponent } from './home.component';

describe(HomeComponent.name, () => {
  async function render(user: User): Promise<HTMLElement> {
    TestBed.configureTestingModule({ providers: [{ provide: AuthService, useValue: { user: () => user } }] });
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
    expect(page.querySelector('h2')!.textContent).toBe('Harbor PT');
    expect(facts).toEqual([
      ['Time zone', 'America/Chicago'],
      ['Distances shown in', 'Miles (mi)'],
      ['Your roles', 'Administrator'],
    ]);
  });

  it('says plainly that there is nothing to chart yet, without invented data', async () => {
    const page = await render(aUser());
    expect(page.textContent).toContain('Patients and visit notes arrive with the charting module.');
  });
});
