import { type ArgumentMetadata, Injectable, Param, type PipeTransform } from '@nestjs/common';
import { NotFoundError } from './problems.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A path id that is not a UUID names nothing: it is answered like any missing record. */
@Injectable()
export class UuidOrNotFoundPipe implements PipeTransform<string, string> {
  transform(value: string, _meta: ArgumentMetadata): string {
    if (!UUID.test(value)) throw new NotFoundError();
    return value.toLowerCase();
  }
}

export const IdParam = (name = 'id') => Param(name, UuidOrNotFoundPipe);
