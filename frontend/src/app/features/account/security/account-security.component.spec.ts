import { Clipboard } from '@angular/cdk/clipboard';
import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideNoopAnimations } from '@angular/platform-browser/animations';
import { provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { firstValueFrom } from 'rxjs';

import { aSession, aUser } from '../../../../testing/fixtures';
import type { UserView as User } from '@stride/api';
import { AuthService } from '../../../core/auth/auth.service';
import { problem } from '../../admin/admin.testing';
import accountRoutes from '../account.routes';
import {
  AccountSecurityComponent,
  COPIED,
  COPY_FAILED,
  DISABLED_NOTICE,
  ENABLED_NOTICE,
} from './account-security.component';

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const OTPAUTH =
  `otpauth://totp/Stride:maya.lind%40example.org?secret=${SECRET}` +
  '&issuer=Stride&algorithm=SHA1&digits=6&period=30';

describe(AccountSecurityComponent.name, () => {
  let harness: RouterTestingHarness;
  let backend: HttpTestingController;
  let auth: AuthService;
  let page: HTMLElement;
  let copy: jest.Mock;

  beforeEach(() => {
    copy = jest.fn(() => true);
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideNoopAnimations(),
        provideRouter([{ path: 'account', loadChildren: () => accountRoutes }]),
        { provide: Clipboard, useValue: { copy } },
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    auth = TestBed.inject(AuthService);
  });

  afterEach(() => {
    backend.verify();
    document.querySelectorAll('.cdk-overlay-container').forEach((e) => e.remove());
  });

  async function settle(): Promise<void> {
    for (let i = 0; i < 10; i++) {
      await Promise.resolve();
    }
    await harness.fixture.whenStable();
  }

  /** Signs in as `user`, opens the page and answers its reads of the clinic and the user. */
  async function open(user: User = aUser(), requireMfaForAdmins = false, url = '/account'): Promise<void> {
    const signedIn = firstValueFrom(auth.signIn({ email: user.email, password: 'pw' }));
    backend.expectOne('/api/v1/auth/login').flush(aSession(undefined, user));
    await signedIn;
    harness = await RouterTestingHarness.create(url);
    page = harness.routeNativeElement!;
    backend.expectOne('/api/v1/clinic').flush({ requireMfaForAdmins });
    backend.expectOne('/api/v1/me').flush(user);
    await settle();
  }

  function button(text: string, root: ParentNode = page): HTMLButtonElement {
    const found = [...root.querySelectorAll('button')].find((b) => b.textContent.trim() === text);
    if (!found) {
      throw new Error(`No button "${text}"`);
    }
    return found;
  }

  function state(): string {
    return page.querySelector('#mfa-state')!.textContent.replace(/\s+/g, ' ').trim();
  }

  function text(selector: string): string {
    return page.querySelector(selector)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
  }

  function codeInput(): HTMLInputElement {
    return page.querySelector<HTMLInputElement>('input[formcontrolname="code"]')!;
  }

  function typeCode(value: string): void {
    codeInput().value = value;
    codeInput().dispatchEvent(new Event('input'));
  }

  async function startSetup(): Promise<void> {
    button('Set up two-step sign-in').click();
    const request = backend.expectOne('/api/v1/me/mfa/setup');
    expect(request.request.method).toBe('POST');
    request.flush({ secret: SECRET, otpauthUrl: OTPAUTH });
    await settle();
  }

  async function submitCode(code: string) {
    typeCode(code);
    button('Turn on two-step sign-in').click();
    await settle();
    return backend.match('/api/v1/me/mfa/enable');
  }

  function dialog(): HTMLElement | null {
    return document.querySelector('mat-dialog-container');
  }

  describe('off', () => {
    it('is /account/security, says two-step sign-in is off and offers to set it up', async () => {
      await open();
      expect(page.querySelector('h1')!.textContent).toBe('Account security');
      expect(page.querySelector('h2')!.textContent).toBe('Two-step sign-in');
      expect(state()).toBe('Two-step sign-in is off for maya.lind@example.org');
      expect(button('Set up two-step sign-in')).toBeTruthy();
      expect(page.querySelector('.required')).toBeNull();
    });

    it('tells an admin whom the clinic’s rule locks out of the admin screens', async () => {
      await open(aUser({ roles: ['admin', 'therapist'] }), true);
      expect(text('.required')).toContain('Your clinic requires two-step sign-in for administrators');
    });

    it('shows the new key as a link for the app and in groups of four, without a QR code', async () => {
      await open();
      await startSetup();

      expect(text('#setup-title')).toBe('Set up two-step sign-in');
      expect(document.activeElement).toBe(page.querySelector('#setup-title'));
      const link = page.querySelector<HTMLAnchorElement>('a.otpauth')!;
      expect(link.getAttribute('href')).toBe(OTPAUTH);
      expect(link.textContent.trim()).toBe('Add Stride to my authenticator app');
      expect(text('.setup')).toContain('Stride shows no QR code');
      expect(text('code.secret')).toBe('JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP');
      expect(text('.details')).toContain('Stride (maya.lind@example.org)');
      expect(text('.details')).toContain('Time-based, 6 digits');
      expect(page.querySelector('img, canvas')).toBeNull();

      const code = codeInput();
      expect(code.labels?.[0]?.textContent).toContain('6-digit code');
      expect(code.getAttribute('autocomplete')).toBe('one-time-code');
      expect(code.getAttribute('inputmode')).toBe('numeric');
    });

    it('copies the key without its spaces, and says so', async () => {
      await open();
      await startSetup();
      button('Copy key').click();
      await settle();
      expect(copy).toHaveBeenCalledWith(SECRET);
      expect(text('.copy-status')).toBe(COPIED);
      expect(page.querySelector('.copy-status')!.getAttribute('role')).toBe('status');

      copy.mockReturnValue(false);
      button('Copy key').click();
      await settle();
      expect(text('.copy-status')).toBe(COPY_FAILED);
    });

    it('turns it on with a code of the app, and says what changes', async () => {
      await open();
      await startSetup();
      const [request] = await submitCode(' 123 456 ');
      expect(request.request.body).toEqual({ code: '123456' });
      request.flush(aUser({ mfaEnabled: true }));
      await settle();

      expect(state()).toBe('Two-step sign-in is on for maya.lind@example.org');
      expect(text('[role="status"] .notice')).toBe(ENABLED_NOTICE);
      expect(page.querySelector('.setup')).toBeNull();
      expect(auth.user()?.mfaEnabled).toBe(true);
      expect(document.activeElement).toBe(page.querySelector('#mfa-state'));
      expect(button('Turn off two-step sign-in')).toBeTruthy();
    });

    it.each([
      ['', 'Enter the 6-digit code from your authenticator app.'],
      ['12 34', 'The code is 6 digits, such as 123456.'],
    ])('sends nothing for %p and says why', async (code, message) => {
      await open();
      await startSetup();
      expect(await submitCode(code)).toHaveLength(0);
      expect(text('mat-error')).toBe(message);
      expect(document.activeElement).toBe(codeInput());
    });

    it('shows a wrong code (400) beside the field and keeps the set-up', async () => {
      await open();
      await startSetup();
      const [request] = await submitCode('000000');
      request.flush(
        ...problem(400, {
          type: '/problems/validation',
          errors: [
            {
              field: 'code',
              message: 'The code does not match. Check the time on the device and try again.',
            },
          ],
        }),
      );
      await settle();

      expect(text('mat-error')).toBe('The code does not match. Check the time on the device and try again.');
      expect(codeInput().getAttribute('aria-invalid')).toBe('true');
      expect(document.activeElement).toBe(codeInput());
      expect(page.querySelector('.setup')).not.toBeNull();
      expect(text('[role="alert"]')).toBe('');
    });

    it('shows a 409 of the confirmation, ends the set-up and reads the account again', async () => {
      await open();
      await startSetup();
      const [request] = await submitCode('123456');
      request.flush(
        ...problem(409, { type: '/problems/conflict', detail: 'Two-step sign-in is already on.' }),
      );
      await settle();

      expect(text('[role="alert"]')).toBe('Two-step sign-in is already on.');
      expect(page.querySelector('.setup')).toBeNull();
      backend.expectOne('/api/v1/clinic').flush({ requireMfaForAdmins: false });
      backend.expectOne('/api/v1/me').flush(aUser({ mfaEnabled: true }));
      await settle();
      expect(state()).toContain('is on');
    });

    it('shows a 409 of the set-up with the API’s sentence', async () => {
      await open();
      button('Set up two-step sign-in').click();
      backend
        .expectOne('/api/v1/me/mfa/setup')
        .flush(...problem(409, { detail: 'Two-step sign-in is already on. Turn it off first.' }));
      await settle();
      expect(text('[role="alert"]')).toBe('Two-step sign-in is already on. Turn it off first.');
      backend.expectOne('/api/v1/clinic').flush({ requireMfaForAdmins: false });
      backend.expectOne('/api/v1/me').flush(aUser({ mfaEnabled: true }));
      await settle();
      expect(state()).toContain('is on');
    });

    it('cancels a set-up, giving focus back to the button that started it', async () => {
      await open();
      await startSetup();
      button('Cancel').click();
      await settle();

      expect(page.querySelector('.setup')).toBeNull();
      expect(document.activeElement).toBe(page.querySelector('#set-up'));
    });
  });

  describe('on', () => {
    const on = aUser({ mfaEnabled: true });

    it('turns it off after a confirmation', async () => {
      await open(on);
      expect(state()).toBe('Two-step sign-in is on for maya.lind@example.org');

      button('Turn off two-step sign-in').click();
      await settle();
      expect(dialog()!.querySelector('h2')!.textContent).toBe('Turn off two-step sign-in?');
      expect(dialog()!.textContent).toContain('only your password');
      button('Turn off', dialog()!).click();
      await settle();

      const request = backend.expectOne('/api/v1/me/mfa');
      expect(request.request.method).toBe('DELETE');
      request.flush(null, { status: 204, statusText: 'No Content' });
      await settle();

      expect(state()).toContain('is off');
      expect(text('[role="status"] .notice')).toBe(DISABLED_NOTICE);
      expect(auth.user()?.mfaEnabled).toBe(false);
    });

    it('does nothing when the confirmation is declined', async () => {
      await open(on);
      button('Turn off two-step sign-in').click();
      await settle();
      button('Keep it on', dialog()!).click();
      await settle();

      backend.expectNone('/api/v1/me/mfa');
      expect(state()).toContain('is on');
    });

    it('shows the 409 of a clinic that requires it for admins, and stays on', async () => {
      await open(aUser({ mfaEnabled: true, roles: ['admin'] }), true);
      expect(text('.hint')).toContain('requires two-step sign-in for administrators');

      button('Turn off two-step sign-in').click();
      await settle();
      button('Turn off', dialog()!).click();
      await settle();
      backend.expectOne('/api/v1/me/mfa').flush(
        ...problem(409, {
          type: '/problems/conflict',
          detail: 'Your clinic requires two-step sign-in for admins.',
        }),
      );
      await settle();

      expect(text('[role="alert"]')).toBe('Your clinic requires two-step sign-in for admins.');
      backend.expectOne('/api/v1/clinic').flush({ requireMfaForAdmins: true });
      backend.expectOne('/api/v1/me').flush(aUser({ mfaEnabled: true, roles: ['admin'] }));
      await settle();
      expect(state()).toContain('is on');
    });
  });
});
