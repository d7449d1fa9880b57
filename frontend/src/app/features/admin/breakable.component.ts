import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

/** Splits after `.`, `/`, `-`, `_`, `@` and `:`: where a code, id or email may wrap. */
export function breakPoints(text: string): string[] {
  return text.split(/(?<=[./\-_@:])/);
}

/**
 * Text such as `post /api/v1/visits/:id/sign`, a UUID or an email, allowed to wrap only at its
 * punctuation (`<wbr>`), so narrow table columns do not cut it mid-word. Copying it copies the
 * text unchanged.
 */
@Component({
  selector: 'stride-breakable',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `@for (part of parts(); track $index) {
    <span>{{ part }}</span><wbr />
  }`,
})
export class BreakableComponent {
  readonly text = input.required<string>();
  protected readonly parts = computed(() => breakPoints(this.text()));
}
