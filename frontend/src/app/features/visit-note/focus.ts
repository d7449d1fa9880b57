import type { ChangeDetectorRef } from '@angular/core';

/**
 * Renders a section at once and focuses `selector` in it, e.g. the row just added: synchronous,
 * so keys typed straight after a shortcut (Alt+M, Alt+B) land in the new row, never the old one.
 */
export function renderAndFocus(view: ChangeDetectorRef, root: HTMLElement, selector: string): void {
  view.detectChanges();
  root.querySelector<HTMLElement>(selector)?.focus();
}
