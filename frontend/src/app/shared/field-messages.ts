import type { AbstractControl, ValidationErrors } from '@angular/forms';
import type { FieldProblem, Problem } from '@stride/api';
import { INSTRUMENTS } from '@stride/clinical';

/** The control error key under which an API field message is stored (see `applyFieldErrors`). */
export const SERVER_ERROR = 'server';

/**
 * The API's field messages in the clinic's words. The API names fields as its JSON does
 * ("dateOfBirth must be a date as YYYY-MM-DD"); the console shows each under the field it
 * belongs to, in words about that field's label and in the format the field itself shows
 * ("Enter the date of birth as mm/dd/yyyy.").
 */

/**
 * How this browser's date fields show a date ("mm/dd/yyyy" in the United States,
 * "dd/mm/yyyy" in Britain): `<input type="date">` follows the browser's locale.
 */
export function datePattern(locale?: string): string {
  try {
    return new Intl.DateTimeFormat(locale, { year: 'numeric', month: '2-digit', day: '2-digit' })
      .formatToParts(new Date(Date.UTC(2001, 10, 22, 12)))
      .map((part) => {
        switch (part.type) {
          case 'year':
            return 'yyyy';
          case 'month':
            return 'mm';
          case 'day':
            return 'dd';
          case 'literal':
            return part.value;
          default:
            return '';
        }
      })
      .join('');
  } catch {
    return 'mm/dd/yyyy';
  }
}

const INSTRUMENT_NAMES = new Map<string, string>(INSTRUMENTS.map((i) => [i.code, i.name]));

/** The instrument name for a code ("nprs_activity" → "Pain during running / aggravating activity (NPRS)"), or undefined. */
export function instrumentName(code: string): string | undefined {
  return INSTRUMENT_NAMES.get(code);
}

/** Instrument codes in a sentence replaced by their names (the API names them by code). */
export function instrumentWords(text: string): string {
  return text.replace(/\b[a-z]+(?:_[a-z0-9]+)+\b/g, (code) => INSTRUMENT_NAMES.get(code) ?? code);
}

/** "an initial evaluation", not "a initial evaluation" (the words Stride's messages use). */
export function fixArticles(text: string): string {
  return text.replace(
    /\b([Aa]) (initial|evaluation|episode|addendum|active|email|existing|instrument|exercise|untimed|ICD|hour|MRN)\b/g,
    '$1n $2',
  );
}

/** "1 draft visit(s)" → "1 draft visit", "2 draft visit(s)" → "2 draft visits". */
export function fixPlurals(text: string): string {
  return text.replace(/\b(\d+) ([^\s()]+(?: [^\s()]+)?)\(s\)/g, (_, n: string, words: string) =>
    Number(n) === 1 ? `${n} ${words}` : `${n} ${words}s`,
  );
}

/** A sentence of the API's in the console's words: articles and plurals fixed. */
export function plainWords(text: string): string {
  return fixPlurals(fixArticles(text));
}

function sentence(text: string): string {
  const trimmed = text.trim();
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

function lower(label: string): string {
  // "Date of birth" → "date of birth"; keep acronyms ("ICD-10 code", "MRN") as they are.
  return /^[A-Z][a-z]/.test(label) ? label.charAt(0).toLowerCase() + label.slice(1) : label;
}

/** The last name in a field path: `goals[2]` → `goals`, `measurements.nprs_activity` → `nprs_activity`. */
function leafName(field: string): string {
  const parts = field.replace(/\[\d+\]/g, '').split('.');
  return parts[parts.length - 1] ?? field;
}

/**
 * One API message about a field, in the words of the field's `label`. Messages already written
 * for people (they do not start with the field's JSON name and match no validator wording) keep
 * their words, with the articles fixed.
 */
export function plainFieldMessage(message: string, label: string, field = ''): string {
  const name = leafName(field);
  const each = /^each value in /i.test(message);
  // "each value in goals …" → "Each goal …" (a plural label loses its s), else "Each entry of …".
  const single = /[^s]s$/.test(label) ? lower(label).slice(0, -1) : null;
  const subject = each ? (single ? `Each ${single}` : `Each entry of ${lower(label)}`) : label;
  let m: RegExpExecArray | null;

  if (/must be a date as YYYY-MM-DD/i.test(message)) {
    const range = message.includes('1900') ? ': from 1900 on, and not in the future' : '';
    return `Enter the ${lower(label)} as ${datePattern()}${range}.`;
  }
  if (/must be an ISO 8601 date-time/i.test(message)) {
    return `Enter the ${lower(label)} as a date and a time.`;
  }
  if ((m = /must be shorter than or equal to (\d+) characters/i.exec(message))) {
    return `${subject}: at most ${m[1]} characters.`;
  }
  if (/must be longer than or equal to 1 characters|should not be empty|must not be empty/i.test(message)) {
    return each ? `${subject} needs some text.` : `Enter the ${lower(label)}.`;
  }
  if ((m = /must be longer than or equal to (\d+) characters/i.exec(message))) {
    return `${subject}: at least ${m[1]} characters.`;
  }
  if ((m = /must not (?:be greater than|exceed) (-?[\d.]+)/i.exec(message))) {
    return `${subject}: at most ${m[1]}.`;
  }
  if ((m = /must not be less than (-?[\d.]+)/i.exec(message))) {
    return `${subject}: at least ${m[1]}.`;
  }
  if (/must be an integer number/i.test(message)) {
    return `${subject}: a whole number.`;
  }
  if (/must be a number/i.test(message)) {
    return `${subject}: enter a number.`;
  }
  if (/must be a phone number/i.test(message)) {
    return 'Enter a phone number: digits, spaces and + ( ) . / - only.';
  }
  if (/must be an email/i.test(message)) {
    return 'Enter an email address such as name@example.com.';
  }
  if (/must be one of the following values/i.test(message)) {
    return `Choose the ${lower(label)} from the list.`;
  }
  if (/must be a UUID/i.test(message)) {
    return `Choose the ${lower(label)} from the list.`;
  }
  // "startDate must not be after today" → "Start date must not be after today."
  if (name && message.startsWith(`${name} `)) {
    return fixArticles(sentence(`${label}${message.slice(name.length)}`));
  }
  return fixArticles(sentence(message));
}

/** A JSON field name as words: `dateOfBirth` → "Date of birth", `nprs_activity` → "Nprs activity". */
export function humanize(field: string): string {
  const words = leafName(field)
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** One field error in plain words: the label from `labels` (by path or last name), else the name as words. */
export function plainFieldError(error: FieldProblem, labels: Record<string, string> = {}): FieldProblem {
  const label = labels[error.field] ?? labels[leafName(error.field)] ?? humanize(error.field);
  return { field: error.field, message: plainFieldMessage(error.message, label, error.field) };
}

/**
 * The problem with each field message rewritten by `labels` (JSON name → the form's label); a
 * field with no label gets its name as words. `goals[2]` becomes `goals`, so the message lands on
 * the form's one goals field.
 */
export function plainFieldErrors(
  problem: Problem | null,
  labels: Record<string, string> = {},
): Problem | null {
  if (!problem?.errors) {
    return problem;
  }
  const errors = problem.errors.map((e) => {
    const plain = plainFieldError(e, labels);
    return { ...plain, field: plain.field.replace(/\[\d+\]$/, '') };
  });
  return { ...problem, errors };
}

/**
 * The message under a field: the API's (already in plain words, see `plainFieldErrors`) when the
 * last answer named it, else the first client-side rule it breaks, about its `label`. A date
 * field (`date: true`) asks for the date in the format the field shows.
 */
export function fieldError(
  control: AbstractControl,
  label: string,
  options: { date?: boolean; required?: string } = {},
): string {
  const server: unknown = control.getError(SERVER_ERROR);
  if (typeof server === 'string') {
    return server;
  }
  const errors: ValidationErrors = control.errors ?? {};
  if (errors.maxlength) {
    return `${label}: at most ${(errors.maxlength as { requiredLength: number }).requiredLength} characters.`;
  }
  if (errors.minlength) {
    return `${label}: at least ${(errors.minlength as { requiredLength: number }).requiredLength} characters.`;
  }
  if (errors.max) {
    return `${label}: at most ${(errors.max as { max: number }).max}.`;
  }
  if (errors.min) {
    return `${label}: at least ${(errors.min as { min: number }).min}.`;
  }
  if (errors.email) {
    return 'Enter an email address such as name@example.com.';
  }
  if (options.date) {
    return `Enter the ${lower(label)} as ${datePattern()}.`;
  }
  if (errors.required) {
    return options.required ?? `Enter the ${lower(label)}.`;
  }
  return `Check the ${lower(label)}.`;
}
