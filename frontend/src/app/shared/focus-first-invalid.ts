import type { FormGroup } from '@angular/forms';

/**
 * Moves focus to the first invalid control of a form (in the form's order), so a keyboard or
 * screen-reader user lands on the field whose error to fix. Works straight after `setErrors`,
 * before change detection has updated the `ng-invalid` classes.
 */
export function focusFirstInvalid(form: FormGroup, host: HTMLElement): void {
  const name = Object.keys(form.controls).find((key) => form.controls[key]?.invalid);
  if (name) {
    host.querySelector<HTMLElement>(`[formcontrolname="${name}"]`)?.focus();
  }
}
