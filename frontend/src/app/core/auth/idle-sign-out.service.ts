import { DOCUMENT } from '@angular/common';
import { inject, Injectable, InjectionToken, NgZone } from '@angular/core';
import { Router } from '@angular/router';

import { AuthService } from './auth.service';
import { signInUrl } from './sign-in-redirect';

/** How long without pointer, key, touch or scroll activity before the console signs out. */
export const IDLE_TIMEOUT_MS = new InjectionToken<number>('IDLE_TIMEOUT_MS', {
  providedIn: 'root',
  factory: () => 15 * 60 * 1000,
});

/** Activity closer together than this is recorded once. */
export const ACTIVITY_THROTTLE_MS = 1000;

/** Tabs of the console tell each other about activity at most this often. */
export const ACTIVITY_BROADCAST_MS = 30_000;

/** What the tabs of one browser share: the time of the latest activity. No token, no user data. */
export interface ActivityMessage {
  at: number;
}

/**
 * All tabs share one refresh cookie, so an idle tab signing out would end the session of a tab in
 * use. Tabs therefore share their activity over a BroadcastChannel (null where there is none).
 */
export const ACTIVITY_CHANNEL = new InjectionToken<Pick<
  BroadcastChannel,
  'postMessage' | 'addEventListener' | 'removeEventListener'
> | null>('ACTIVITY_CHANNEL', {
  providedIn: 'root',
  factory: () => (typeof BroadcastChannel === 'function' ? new BroadcastChannel('stride-activity') : null),
});

const ACTIVITY_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'touchstart', 'wheel', 'scroll'] as const;

/**
 * Signs out after a stretch without user activity in any tab of the console. Listeners are plain
 * DOM listeners, passive and outside Angular's zone, and only store a timestamp; one timer checks
 * it when it could expire.
 * Time comes from `Date.now()` and `setTimeout`, so tests drive it with jest's fake timers.
 */
@Injectable({ providedIn: 'root' })
export class IdleSignOutService {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly document = inject(DOCUMENT);
  private readonly zone = inject(NgZone);
  private readonly timeoutMs = inject(IDLE_TIMEOUT_MS);
  private readonly channel = inject(ACTIVITY_CHANNEL);

  private lastActivity = 0;
  private lastBroadcast = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private watching = false;

  private readonly onActivity = (): void => {
    const now = Date.now();
    if (now - this.lastActivity < ACTIVITY_THROTTLE_MS) {
      return;
    }
    this.lastActivity = now;
    if (now - this.lastBroadcast >= ACTIVITY_BROADCAST_MS) {
      this.lastBroadcast = now;
      this.channel?.postMessage({ at: now } satisfies ActivityMessage);
    }
  };

  private readonly onOtherTabActivity = (event: Event): void => {
    const at = (event as MessageEvent<Partial<ActivityMessage> | null>).data?.at;
    if (typeof at === 'number' && at > this.lastActivity) {
      this.lastActivity = Math.min(at, Date.now());
    }
  };

  private readonly onVisibilityChange = (): void => {
    if (this.document.visibilityState === 'visible') {
      // Timers are throttled in background tabs: check as soon as the tab is back.
      this.check();
    }
  };

  /** Starts watching; call when the signed-in shell appears. Calling it again does nothing. */
  start(): void {
    if (this.watching) {
      return;
    }
    this.watching = true;
    this.lastActivity = Date.now();
    this.zone.runOutsideAngular(() => {
      for (const type of ACTIVITY_EVENTS) {
        this.document.addEventListener(type, this.onActivity, { capture: true, passive: true });
      }
      this.document.addEventListener('visibilitychange', this.onVisibilityChange);
      this.channel?.addEventListener('message', this.onOtherTabActivity);
    });
    this.schedule(this.timeoutMs);
  }

  stop(): void {
    if (!this.watching) {
      return;
    }
    this.watching = false;
    for (const type of ACTIVITY_EVENTS) {
      this.document.removeEventListener(type, this.onActivity, { capture: true });
    }
    this.document.removeEventListener('visibilitychange', this.onVisibilityChange);
    this.channel?.removeEventListener('message', this.onOtherTabActivity);
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
  }

  private schedule(delayMs: number): void {
    if (this.timer !== null) {
      clearTimeout(this.timer);
    }
    this.timer = this.zone.runOutsideAngular(() => setTimeout(() => this.check(), delayMs));
  }

  private check(): void {
    if (!this.watching) {
      return;
    }
    const idleFor = Date.now() - this.lastActivity;
    if (idleFor < this.timeoutMs) {
      this.schedule(this.timeoutMs - idleFor);
      return;
    }
    this.stop();
    const returnUrl = this.router.url;
    void this.auth.signOut();
    this.zone.run(() => void this.router.navigateByUrl(signInUrl(this.router, returnUrl, 'idle')));
  }
}
