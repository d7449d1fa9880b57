import { Injectable, signal } from '@angular/core';

/**
 * A one-off message carried from one admin screen to the next (e.g. "Created Jo Smith" after the
 * new-user form returns to the list). The receiving screen takes it once.
 */
@Injectable({ providedIn: 'root' })
export class AdminNoticeService {
  private readonly pending = signal<string | null>(null);

  set(message: string): void {
    this.pending.set(message);
  }

  take(): string | null {
    const message = this.pending();
    this.pending.set(null);
    return message;
  }
}
