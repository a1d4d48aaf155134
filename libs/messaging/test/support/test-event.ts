import { IsInt, IsString, Min } from 'class-validator';
import { defineEvent, type EventContract, type Topic } from '@parcelstream/contracts';

/** A test-only event: `seq` counts up per `key`, so order per key can be checked. */
export class ParcelScanned {
  @IsString()
  key!: string;

  @IsInt()
  @Min(0)
  seq!: number;
}

export function parcelScannedContract(topic: string): EventContract<ParcelScanned> {
  // tests publish to their own unique topics, which the catalog does not list
  return defineEvent('parcelstream.test.parcel-scanned.v1', topic as Topic, ParcelScanned);
}
