import { Transform } from 'class-transformer';
import { registerDecorator, ValidateIf, type ValidationOptions } from 'class-validator';
import { isCalendarDate, isInstant } from '@stride/clinical';
import { isTimeZone } from './timezones.js';

/**
 * Names ICU (so Node.js) takes as time zones that are no zone of the tz database PostgreSQL
 * reads: Java's three-letter IDs, which PostgreSQL refuses or takes for an abbreviation of
 * another zone ('IST' is India to ICU, Israel to PostgreSQL), and links the database dropped.
 */
const NOT_IN_TZ_DATABASE = new Set([
  ...['ACT', 'AET', 'AGT', 'ART', 'AST', 'BET', 'BST', 'CAT', 'CNT', 'CST', 'CTT', 'EAT', 'ECT'],
  ...['IET', 'IST', 'JST', 'MIT', 'NET', 'NST', 'PLT', 'PNT', 'PRT', 'PST', 'SST', 'VST'],
  ...['US/Pacific-New', 'Canada/East-Saskatchewan'],
]);

export function IsTimeZone(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isTimeZone',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: '$property must be an IANA time zone such as Europe/Berlin', ...options },
      validator: {
        validate: (value: unknown) => isTimeZone(value) && !NOT_IN_TZ_DATABASE.has(value as string),
      },
    });
}

/** Optional, but when present it must be a real value: `null` is refused, not skipped. */
export function IsOptionalNonNull(options?: ValidationOptions): PropertyDecorator {
  return ValidateIf((_object, value) => value !== undefined, options);
}

function simple(name: string, message: string, test: (value: unknown) => boolean) {
  return (options?: ValidationOptions): PropertyDecorator =>
    (target, propertyName) =>
      registerDecorator({
        name,
        target: target.constructor,
        propertyName: propertyName as string,
        options: { message, ...options },
        validator: { validate: (value: unknown) => test(value) },
      });
}

/** `YYYY-MM-DD`, a real date. */
export const IsCalendarDate = simple(
  'isCalendarDate',
  '$property must be a date as YYYY-MM-DD',
  isCalendarDate,
);

/** An ISO 8601 instant with `Z` or an offset. */
export const IsInstant = simple(
  'isInstant',
  '$property must be an ISO 8601 date-time with Z or an offset, e.g. 2026-03-02T16:00:00Z',
  isInstant,
);

/** A date of birth: a real date from 1900 on, not in the future (a day's grace for time zones). */
export const IsBirthDate = simple(
  'isBirthDate',
  '$property must be a date as YYYY-MM-DD, from 1900-01-01 and not in the future',
  (value) =>
    isCalendarDate(value) &&
    value >= '1900-01-01' &&
    value <= new Date(Date.now() + 86_400_000).toISOString().slice(0, 10),
);

/**
 * A number with at most `places` decimal places. class-validator's `maxDecimalPlaces` reads the
 * decimals from `toString()`, which throws on numbers it writes in exponent form (1e-7).
 */
export function MaxDecimalPlaces(places: number, options?: ValidationOptions): PropertyDecorator {
  return simple(
    'maxDecimalPlaces',
    `$property must have at most ${places} decimal places`,
    (value) =>
      typeof value !== 'number' || (Number.isFinite(value) && Number(value.toFixed(places)) === value),
  )(options);
}

/** Strips surrounding white space from a string field before it is validated. */
export function Trimmed(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));
}
