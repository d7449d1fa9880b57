import { DestroyRef, Directive, ElementRef, inject } from '@angular/core';

/**
 * Keeps a decorative chart out of the Tab order. ngx-charts listens for focus on its tooltip
 * anchors and bars, and Chromium makes an SVG element with focus listeners a Tab stop: unnamed,
 * invisible stops inside an `aria-hidden` graphic. Each such element gets `tabindex="-1"` as it is
 * drawn (hover tooltips keep working; the data is in the table beside the chart).
 */
@Directive({ selector: '[strideNoTabStops]' })
export class NoTabStopsDirective {
  constructor() {
    const host = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;
    if (typeof MutationObserver !== 'function') {
      return;
    }
    const untab = (): void => {
      for (const element of Array.from(host.querySelectorAll('[ngx-tooltip]:not([tabindex])'))) {
        element.setAttribute('tabindex', '-1');
      }
    };
    const observer = new MutationObserver(untab);
    observer.observe(host, { childList: true, subtree: true });
    inject(DestroyRef).onDestroy(() => observer.disconnect());
  }
}
