import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router, type UrlTree } from '@angular/router';
import { firstValueFrom } from 'rxjs';

import { aSession } from '../../../testing/fixtures';
import { AuthService } from './auth.service';
import { ACTIVITY_CHANNEL, IdleSignOutService } from './idle-sign-out.service';

@Component({ template: '' })
class BlankComponent {}

const MINUTE = 60_000;

/** Stands in for the BroadcastChannel the tabs of a browser share. */
class FakeChannel extends EventTarget {
  readonly postMessage = jest.fn();

  /** A message from another tab. */
  receive(data: unknown): void {
    this.dispatchEvent(new MessageEvent('message', { data }));
  }
}

describe(IdleSignOutService.name, () => {
  let idle: IdleSignOutService;
  let auth: AuthService;
  let backend: HttpTestingController;
  let router: Router;
  let navigate: jest.SpiedFunction<Router['navigateByUrl']>;
  let channel: FakeChannel;

  beforeEach(async () => {
    channel = new FakeChannel();
    TestBed.configureTestingModule({
      providers: [
        { provide: ACTIVITY_CHANNEL, useValue: channel },
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([{ path: '**', component: BlankComponent }]),
      ],
    });
    idle = TestBed.inject(IdleSignOutService);
    auth = TestBed.inject(AuthService);
    backend = TestBed.inject(HttpTestingController);
    router = TestBed.inject(Router);
    await router.navigateByUrl('/patients/p-1');

    const signedIn = firstValueFrom(
      auth.signIn({ email: 'maya.lind@example.org', password: 'correct horse battery' }),
    );
    backend.expectOne('/api/v1/auth/login').flush(aSession());
    await signedIn;

    navigate = jest.spyOn(router, 'navigateByUrl').mockResolvedValue(true);
    jest.useFakeTimers({ now: new Date('2026-03-02T09:00:00Z') });
    idle.start();
  });

  afterEach(() => {
    idle.stop();
    jest.useRealTimers();
    backend.verify();
  });

  function expectSignedOutForIdleness(): void {
    expect(auth.signedIn()).toBe(false);
    backend.expectOne('/api/v1/auth/logout').flush(null, { status: 204, statusText: 'No Content' });
    expect(navigate).toHaveBeenCalledTimes(1);
    expect(router.serializeUrl(navigate.mock.calls[0][0] as UrlTree)).toBe(
      '/sign-in?returnUrl=%2Fpatients%2Fp-1&reason=idle',
    );
  }

  describe('without activity', () => {
    it('signs out after 15 minutes and shows the sign-in page with the reason', () => {
      jest.advanceTimersByTime(15 * MINUTE - 1);
      expect(auth.signedIn()).toBe(true);
      backend.expectNone('/api/v1/auth/logout');

      jest.advanceTimersByTime(1);
      expectSignedOutForIdleness();
    });

    it('signs out as soon as a background tab becomes visible again after 15 minutes', () => {
      // Browsers throttle timers in background tabs: the wall clock moves on without them firing.
      jest.setSystemTime(Date.now() + 20 * MINUTE);
      expect(auth.signedIn()).toBe(true);

      document.dispatchEvent(new Event('visibilitychange'));
      expectSignedOutForIdleness();
    });
  });

  describe('with activity', () => {
    it.each(['pointerdown', 'pointermove', 'keydown', 'touchstart', 'wheel', 'scroll'])(
      'counts %s as activity',
      (type) => {
        jest.advanceTimersByTime(10 * MINUTE);
        document.body.dispatchEvent(new Event(type, { bubbles: true }));

        jest.advanceTimersByTime(15 * MINUTE - 1);
        expect(auth.signedIn()).toBe(true);

        jest.advanceTimersByTime(1);
        expectSignedOutForIdleness();
      },
    );

    it('keeps the session while the user keeps working', () => {
      for (let minute = 0; minute < 60; minute += 5) {
        jest.advanceTimersByTime(5 * MINUTE);
        document.dispatchEvent(new KeyboardEvent('keydown', { key: 'a' }));
      }
      expect(auth.signedIn()).toBe(true);
      backend.expectNone('/api/v1/auth/logout');
    });

    it('records a burst of events once (throttled to one per second)', () => {
      jest.advanceTimersByTime(10 * MINUTE);
      document.dispatchEvent(new Event('pointermove'));
      jest.advanceTimersByTime(500);
      document.dispatchEvent(new Event('pointermove'));

      // Idle time counts from the first event of the burst, not the one 500 ms later.
      jest.advanceTimersByTime(15 * MINUTE - 500);
      expectSignedOutForIdleness();
    });
  });

  describe('across tabs', () => {
    it('counts activity in another tab of the console', () => {
      jest.advanceTimersByTime(10 * MINUTE);
      channel.receive({ at: Date.now() });

      jest.advanceTimersByTime(15 * MINUTE - 1);
      expect(auth.signedIn()).toBe(true);

      jest.advanceTimersByTime(1);
      expectSignedOutForIdleness();
    });

    it('ignores messages it does not understand and activity older than its own', () => {
      jest.advanceTimersByTime(10 * MINUTE);
      channel.receive({ at: 'soon' });
      channel.receive(null);
      channel.receive({ at: Date.now() - 20 * MINUTE });

      jest.advanceTimersByTime(5 * MINUTE);
      expectSignedOutForIdleness();
    });

    it('tells the other tabs about activity, at most every 30 seconds', () => {
      jest.advanceTimersByTime(MINUTE);
      document.dispatchEvent(new Event('keydown'));
      const first = Date.now();
      jest.advanceTimersByTime(10_000);
      document.dispatchEvent(new Event('keydown'));
      jest.advanceTimersByTime(20_000);
      document.dispatchEvent(new Event('keydown'));

      expect(channel.postMessage.mock.calls).toEqual([[{ at: first }], [{ at: first + 30_000 }]]);
    });

    it('caps a time from another tab that lies in the future to now', () => {
      jest.advanceTimersByTime(10 * MINUTE);
      channel.receive({ at: Date.now() + 5 * MINUTE });

      jest.advanceTimersByTime(15 * MINUTE);
      expectSignedOutForIdleness();
    });
  });

  describe('stop', () => {
    it('stops watching when the signed-in shell goes away', () => {
      idle.stop();
      jest.advanceTimersByTime(60 * MINUTE);

      expect(auth.signedIn()).toBe(true);
      expect(navigate).not.toHaveBeenCalled();
      backend.expectNone('/api/v1/auth/logout');
    });

    it('counts idle time afresh when started again', () => {
      idle.stop();
      jest.advanceTimersByTime(30 * MINUTE);
      idle.start();

      jest.advanceTimersByTime(15 * MINUTE - 1);
      expect(auth.signedIn()).toBe(true);
      jest.advanceTimersByTime(1);
      expectSignedOutForIdleness();
    });
  });
});
