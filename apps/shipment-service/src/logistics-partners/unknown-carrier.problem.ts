import { NotFoundException } from '@nestjs/common';

/** A carrier code the catalog does not list (a 404: it names the resource in the path). */
export function unknownCarrier(carrierCode: string): NotFoundException {
  return new NotFoundException({ title: 'Unknown carrier', detail: `The carrier catalog has no carrier "${carrierCode}".` });
}
