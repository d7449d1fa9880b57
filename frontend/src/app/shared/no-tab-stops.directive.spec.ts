import { Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';

import { NoTabStopsDirective } from './no-tab-stops.directive';

@Component({
  imports: [NoTabStopsDirective],
  template: `
    <div strideNoTabStops>
      <svg>
        @if (drawn()) {
          <rect ngx-tooltip class="anchor" />
          <g ngx-tooltip tabindex="0" class="kept" />
          <circle class="plain" />
        }
      </svg>
    </div>
  `,
})
class HostComponent {
  readonly drawn = signal(false);
}

describe(NoTabStopsDirective.name, () => {
  it('takes the chart’s focus-listening elements out of the Tab order as they are drawn', async () => {
    const fixture = TestBed.createComponent(HostComponent);
    await fixture.whenStable();
    fixture.componentInstance.drawn.set(true);
    await fixture.whenStable();
    // MutationObserver callbacks run as a microtask after the change.
    await Promise.resolve();

    const root = fixture.nativeElement as HTMLElement;
    expect(root.querySelector('.anchor')!.getAttribute('tabindex')).toBe('-1');
    expect(root.querySelector('.kept')!.getAttribute('tabindex')).toBe('0');
    expect(root.querySelector('.plain')!.hasAttribute('tabindex')).toBe(false);
  });
});
