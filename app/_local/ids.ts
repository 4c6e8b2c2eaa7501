import { v7 } from 'uuid';

/** A new record id: UUIDv7, so ids sort by creation without trusting the device clock for order. */
export function newId(): string {
  return v7();
}
