import type { AbstractControl, ValidationErrors } from '@angular/forms';

/** Six digits, spaces allowed ("123 456" as some apps show it). */
export function normalizeCode(value: string): string {
  return value.replace(/\s+/g, '');
}

/** A TOTP code field: empty (left to `required`) or six digits once spaces are removed. */
export function sixDigits(control: AbstractControl<string>): ValidationErrors | null {
  const code = normalizeCode(control.value ?? '');
  return code === '' || /^\d{6}$/.test(code) ? null : { sixDigits: true };
}
