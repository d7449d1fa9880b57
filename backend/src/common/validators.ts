import { registerDecorator, ValidateIf, type ValidationOptions } from 'class-validator';
import { isTimeZone } from './timezones.js';

export function IsTimeZone(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isTimeZone',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: '$property must be an IANA time zone such as Europe/Berlin', ...options },
      validator: { validate: (value: unknown) => isTimeZone(value) },
    });
}

/** Optional, but when present it must be a real value: `null` is refused, not skipped. */
export function IsOptionalNonNull(options?: ValidationOptions): PropertyDecorator {
  return ValidateIf((_object, value) => value !== undefined, options);
}
