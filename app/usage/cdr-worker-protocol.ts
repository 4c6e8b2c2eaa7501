/**
 * Messages between the import screen and the CDR worker. One worker reads one file; cancelling
 * terminates it (nothing has been written by then: the worker only reads). The worker asks the
 * page for the device's ledger of a UTC day when it meets the first CDR of that day.
 */
import type { CdrMapping } from '@/lib/cdr';
import type { CollectResult } from './cdr-collector';

export type CdrWorkerRequest =
  | { type: 'collect'; file: Blob; mapping: CdrMapping; accountTimeZone: string }
  | { type: 'ledger'; day: string; keys: string };

export type CdrWorkerMessage =
  | { type: 'progress'; bytes: number; lines: number }
  | { type: 'ledger-request'; day: string }
  | { type: 'done'; result: CollectResult }
  | { type: 'error'; message: string };
