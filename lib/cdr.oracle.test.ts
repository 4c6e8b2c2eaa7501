/**
 * lib/cdr reads each CDR field by scanning char codes (a million rows per file), and falls back to
 * regular expressions and lib/money for anything unusual. These properties check that the result
 * is exactly what the plain regex implementation (below, as the module was written before the fast
 * paths) gives, on random and adversarial text: the same values, the same accept/reject decisions
 * and the same reasons. Runs use a fixed seed so a failure reproduces.
 */
import fc from 'fast-check';
import { isDerivedDestinationName } from './destinations';
import { describe, expect, it } from 'vitest';
import {
  addToCells,
  BillingDays,
  callIdKeyLanes,
  cdrBillingDay,
  CDR_FIELD_LABELS,
  CdrReader,
  hash64Lanes,
  countryCallingCode,
  countryPartOfName,
  hash64,
  normalizeNumber,
  parseCdrRow,
  parseCdrTime,
  REQUIRED_CDR_FIELDS,
  type Cdr,
  type CdrColumns,
  type CdrField,
  type CdrMapping,
  type CdrParseResult,
  type UsageCell,
} from './cdr';
import { CURRENCY_CODES } from './currencies';
import { daysInMonth } from './dates';
import { callingCodeName } from './destinations';
import { addUnits, formatUnits, readUnitsAtScale, type Units } from './money';

const SEED = 20261202;
const RUNS = 3000;
const check = <T,>(arbitrary: fc.Arbitrary<T>, predicate: (value: T) => void, numRuns = RUNS) =>
  fc.assert(
    fc.property(arbitrary, (value) => {
      predicate(value);
    }),
    { seed: SEED, numRuns },
  );
/** Thousands of cases, Intl on each: more than the default 5 s on a busy machine. */
const TIMEOUT_MS = 120_000;

// ---------------------------------------------------------------------------------------------
// The reference: regular expressions, Intl on every call, string keys.
// ---------------------------------------------------------------------------------------------

const referenceFormats = new Map<string, Intl.DateTimeFormat>();

function referenceZoneOffset(epochMs: number, timeZone: string): number {
  const format =
    referenceFormats.get(timeZone) ??
    new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  referenceFormats.set(timeZone, format);
  const parts: Record<string, number> = {};
  for (const part of format.formatToParts(epochMs)) if (part.type !== 'literal') parts[part.type] = Number(part.value);
  return Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!) - Math.floor(epochMs / 1000) * 1000;
}

/** A wall time in a zone: read with the zone's offset at that instant, two tries (as the module does). */
function referenceWallTime(wall: number, timeZone: string): number {
  if (timeZone === 'UTC') return wall;
  const guess = referenceZoneOffset(wall, timeZone);
  return wall - referenceZoneOffset(wall - guess, timeZone);
}

function referenceParseCdrTime(text: string, sourceTimeZone: string): number | undefined {
  const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
  let ms: number;
  const m = DATE_TIME.exec(text);
  if (m) {
    const [year, month, day, hour, minute] = [m[1], m[2], m[3], m[4], m[5]].map(Number) as [number, number, number, number, number];
    const second = m[6] === undefined ? 0 : Number(m[6]);
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) return undefined;
    const millis = m[7] === undefined ? 0 : Math.floor(Number(`0.${m[7]}`) * 1000);
    const wall = Date.UTC(year, month - 1, day, hour, minute, second, millis);
    const zone = m[8];
    if (zone === undefined) ms = referenceWallTime(wall, sourceTimeZone);
    else if (zone === 'Z' || zone === 'z') ms = wall;
    else {
      const sign = zone.startsWith('-') ? -1 : 1;
      const digits = zone.slice(1).replace(':', '');
      const offsetHours = Number(digits.slice(0, 2));
      const offsetMinutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
      if (offsetHours > 14 || offsetMinutes > 59) return undefined;
      ms = wall - sign * (offsetHours * 60 + offsetMinutes) * 60_000;
    }
  } else if (/^\d{9,16}(\.\d+)?$/.test(text)) {
    const whole = text.split('.')[0]!;
    const value = Number(text);
    ms = Math.floor(whole.length <= 10 ? value * 1000 : whole.length <= 13 ? value : value / 1000);
  } else {
    return undefined;
  }
  return ms >= Date.UTC(2000, 0, 1) && ms < Date.UTC(2100, 0, 1) ? ms : undefined;
}

function referenceNormalizeNumber(text: string): string | undefined {
  let digits = text.replace(/[\s\-.()/]/g, '');
  if (digits.startsWith('+')) digits = digits.slice(1);
  else if (digits.startsWith('00')) digits = digits.slice(2);
  return /^\d{3,15}$/.test(digits) ? digits : undefined;
}

function referenceCountryPartOfName(name: string): string {
  const dash = name.search(/\s[-–—:]\s/);
  return (dash >= 0 ? name.slice(0, dash) : name).trim();
}

const TWO_DIGIT_CODES = new Set('20 27 30 31 32 33 34 36 39 40 41 43 44 45 46 47 48 49 51 52 53 54 55 56 57 58 60 61 62 63 64 65 66 81 82 84 86 90 91 92 93 94 95 98'.split(' '));

function referenceCountryCallingCode(digits: string): string {
  const first = digits[0];
  if (first === '1' || first === '7') return first;
  const two = digits.slice(0, 2);
  return TWO_DIGIT_CODES.has(two) ? two : digits.slice(0, 3);
}

function referenceHash64(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h2 >>> 0).toString(16).padStart(8, '0') + (h1 >>> 0).toString(16).padStart(8, '0');
}

function referenceSeconds(text: string, what: string): number | string {
  if (text === '') return `${what} is missing`;
  if (!/^-?\d+(\.\d+)?$/.test(text)) return `${what} ${JSON.stringify(text)} is not a number of seconds`;
  const value = Number(text);
  if (value < 0) return `${what} ${text} is negative`;
  if (value > 2_592_000) return `${what} ${text} is more than 30 days`;
  return Math.ceil(value);
}

function referenceParseCdrRow(cells: readonly string[], line: number, mapping: CdrMapping): CdrParseResult {
  const bad = (reason: string): CdrParseResult => ({ ok: false, error: { line, reason } });
  const { columns } = mapping;
  const cell = (field: CdrField): string => {
    const index = columns[field];
    return index === undefined ? '' : (cells[index] ?? '').trim();
  };
  const required = REQUIRED_CDR_FIELDS.find((f) => columns[f] !== undefined && cells[columns[f]!] === undefined);
  if (required) return bad(`has ${cells.length} columns; ${CDR_FIELD_LABELS[required].toLowerCase()} is column ${columns[required]! + 1}`);
  const timeText = cell('time');
  const epochMs = referenceParseCdrTime(timeText, mapping.sourceTimeZone);
  if (epochMs === undefined) return bad(`time ${JSON.stringify(timeText)} is not a date and time (like 2026-03-01 10:00:00 or 2026-03-01T10:00:00Z)`);
  const customer = cell('customer');
  if (customer === '') return bad('customer is missing');
  const numberText = cell('destinationNumber');
  const number = referenceNormalizeNumber(numberText);
  if (number === undefined) return bad(`destination number ${JSON.stringify(numberText)} is not a phone number`);
  const duration = referenceSeconds(cell('duration'), 'duration');
  if (typeof duration === 'string') return bad(duration);
  let billedSeconds = duration;
  if (columns.billedDuration !== undefined && cell('billedDuration') !== '') {
    const billed = referenceSeconds(cell('billedDuration'), 'billed duration');
    if (typeof billed === 'string') return bad(billed);
    billedSeconds = billed;
  }
  const chargeText = cell('charge');
  if (!/^-?\d+(\.\d+)?$/.test(chargeText)) return bad(`charge ${JSON.stringify(chargeText)} is not a number`);
  if (chargeText.startsWith('-')) return bad(`charge ${chargeText} is negative`);
  let charge: Units;
  try {
    charge = readUnitsAtScale(chargeText, 6, 'charge');
  } catch {
    return bad(`charge ${chargeText} has more than 6 decimals`);
  }
  if (chargeText.split('.')[0]!.replace(/^0+/, '').length > 15) return bad(`charge ${chargeText} is too large`);
  const currency = cell('currency').toUpperCase();
  if (currency !== '' && !CURRENCY_CODES.has(currency)) return bad(`currency ${JSON.stringify(cell('currency'))} is not an ISO 4217 code`);
  const name = cell('destinationName');
  // A CDR keeps the file's name for it; one without (no column, or an empty cell) is named after its destination.
  const prefixText = cell('prefix').replace(/^\+/, '');
  let destination: string;
  let destinationName: string;
  if (columns.prefix !== undefined && prefixText !== '') {
    if (!/^\d{1,15}$/.test(prefixText)) return bad(`prefix ${JSON.stringify(prefixText)} is not digits`);
    destination = prefixText;
    destinationName = name || (callingCodeName(prefixText) ?? '');
  } else if (isReferenceNationalNumber(number, numberText, mapping.homeCountry)) {
    // The home country's national number: under its code, named after it.
    destination = mapping.homeCountry!;
    destinationName = referenceCountryPartOfName(name) || (callingCodeName(destination) ?? '');
  } else if (number.length < 7) {
    // An extension or short code: under its own number.
    destination = number;
    destinationName = referenceCountryPartOfName(name) || 'Local/extension';
  } else {
    destination = referenceCountryCallingCode(/^011\d{9,}$/.test(number) ? number.slice(3) : number);
    // A country only for a number written as international, or bare digits as long as one.
    const international = /^\s*(\+|00|011)/.test(numberText) || number.length >= 11;
    destinationName = referenceCountryPartOfName(name) || (international ? (callingCodeName(destination) ?? '') : '');
  }
  if (destinationName.length > 200) return bad(`destination name is longer than 200 characters (${destinationName.length})`);
  const callId = cell('callId');
  if (callId.length > 498) return bad('call id is longer than 498 characters');
  if ([...callId].some((c) => c < ' ' || c === '\u007f')) return bad('call id contains a control character (a tab or a line break)');
  const key =
    callId !== ''
      ? `c:${callId}`
      : `r:${referenceHash64([epochMs, customer, number, duration, billedSeconds, formatUnits(charge, 6), currency].join('|'))}`;
  const cdr: Cdr = { line, epochMs, customer, number, destination, destinationName, seconds: duration, billedSeconds, charge, currency, callId, key };
  return { ok: true, cdr };
}

/** A national number of the home country ("1", "44", "7", "39"): not written with + or 00, and in the country's national form. */
function isReferenceNationalNumber(number: string, numberText: string, homeCountry: string | undefined): boolean {
  if (!homeCountry || /^(\+|00)/.test(numberText)) return false;
  if (homeCountry === '1') return /^[2-9]\d{9}$/.test(number);
  if (homeCountry === '7') return /^8[1-9]\d{9}$/.test(number);
  const maxDigits = 15 - homeCountry.length + (homeCountry === '39' ? 0 : 1);
  return number.length >= 7 && number.length <= maxDigits && /^0[1-9]/.test(number);
}

function referenceAddToCells(cells: Map<string, UsageCell>, cdr: Cdr, day: string): void {
  const key = `${day}|${cdr.destination}`;
  let cell = cells.get(key);
  if (!cell) {
    cell = { day, destination: cdr.destination, destinationName: '', calls: 0, attempts: 0, seconds: 0, billedSeconds: 0, charge: 0 };
    cells.set(key, cell);
  }
  cell.attempts++;
  if (cdr.billedSeconds > 0) cell.calls++;
  cell.seconds += cdr.seconds;
  cell.billedSeconds += cdr.billedSeconds;
  cell.charge = addUnits(cell.charge, cdr.charge);
  // The name the file gave over the one Tollbook derives over none; of two alike, the larger.
  const rank = (name: string) => (name === '' ? 0 : isDerivedDestinationName(cdr.destination, name) ? 1 : 2);
  const [name, current] = [cdr.destinationName, cell.destinationName];
  if (rank(name) > rank(current) || (rank(name) === rank(current) && name > current)) cell.destinationName = name;
}

// ---------------------------------------------------------------------------------------------
// Generators: the usual shapes, near misses, and random edits of both.
// ---------------------------------------------------------------------------------------------

const chars = (alphabet: string, maxLength: number) => fc.string({ unit: fc.constantFrom(...Array.from(alphabet)), maxLength });
const digits = (min: number, max: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });
const pad2 = (n: number) => String(n).padStart(2, '0');

/** Replaces, inserts or deletes a few characters, from `alphabet`, at random places. */
const edited = (text: fc.Arbitrary<string>, alphabet: string) =>
  fc
    .tuple(text, fc.array(fc.tuple(fc.nat(), fc.constantFrom('replace', 'insert', 'delete'), fc.constantFrom(...Array.from(alphabet))), { maxLength: 3 }))
    .map(([t, edits]) => {
      let s = t;
      for (const [at, kind, c] of edits) {
        const i = s.length === 0 ? 0 : at % (s.length + (kind === 'insert' ? 1 : 0));
        if (kind === 'insert') s = s.slice(0, i) + c + s.slice(i);
        else if (kind === 'delete') s = s.slice(0, i) + s.slice(i + 1);
        else s = s.slice(0, i) + c + s.slice(i + 1);
      }
      return s;
    });

const TIME_NOISE = '0123456789-:.,TtZz+ \t\u00a0x٣';

/** ISO times, mostly valid (years 1999–2100, every day of the month and one more, fractions of 0–10 digits, every zone form). */
const isoTime = fc
  .record({
    year: fc.oneof(fc.constantFrom(1999, 2000, 2024, 2026, 2099, 2100), fc.integer({ min: 0, max: 9999 })),
    month: fc.integer({ min: 0, max: 13 }),
    day: fc.integer({ min: 0, max: 32 }),
    hour: fc.integer({ min: 0, max: 24 }),
    minute: fc.integer({ min: 0, max: 60 }),
    second: fc.option(fc.integer({ min: 0, max: 60 })),
    fraction: fc.option(fc.tuple(fc.constantFrom('.', ','), digits(0, 10))),
    separator: fc.constantFrom('T', ' ', 't', '_'),
    space: fc.constantFrom('', '', '', ' ', '\u00a0'),
    zone: fc.constantFrom('', '', 'Z', 'z', '+01:00', '-04:30', '+0545', '-05', '+14:00', '+15:00', '+01:60', '+1', '+01:0', '+01:000', 'UTC'),
  })
  .map((t) => {
    const seconds = t.second === null ? '' : `:${pad2(t.second)}${t.fraction === null ? '' : t.fraction[0] + t.fraction[1]}`;
    return `${String(t.year).padStart(4, '0')}-${pad2(t.month)}-${pad2(t.day)}${t.separator}${pad2(t.hour)}:${pad2(t.minute)}${seconds}${t.space}${t.zone}`;
  });

const epochTime = fc.tuple(digits(7, 18), fc.option(digits(0, 4))).map(([whole, fraction]) => (fraction === null ? whole : `${whole}.${fraction}`));

const anyTime = fc.oneof({ weight: 4, arbitrary: isoTime }, { weight: 2, arbitrary: epochTime }, { weight: 3, arbitrary: edited(fc.oneof(isoTime, epochTime), TIME_NOISE) });

/**
 * Zones with and without DST, a 45-minute offset and a 30-minute DST change. The module caches a
 * zone's offset per hour of wall time, so in the hour a DST change skips or repeats the answer
 * depends on which time of that hour came first (see wallTimeToEpochMs): those hours are left out.
 */
const ZONES = ['UTC', 'America/New_York', 'Europe/London', 'Asia/Kathmandu', 'Australia/Lord_Howe'];
function inDstChangeHour(text: string, timeZone: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2})/i.exec(text);
  if (!m || timeZone === 'UTC') return false;
  const hour = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]));
  const offsets = new Set([-3, -2, -1, 0, 1, 2, 3].map((h) => referenceZoneOffset(hour + h * 3_600_000, timeZone)));
  return offsets.size > 1;
}

const NUMBER_NOISE = '0123456789+ -.()/s\t\u00a0٣';
const number = fc.oneof(
  fc.tuple(fc.constantFrom('', '+', '00', '+00', '0', ' +'), digits(0, 17)).map(([p, d]) => p + d),
  chars(NUMBER_NOISE, 20),
);

const NAME_NOISE = 'aB -–—:\t\u00a0\u2003é';
const name = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom('United Kingdom', 'United Kingdom - Mobile', 'Canada - Toronto', 'USA: New York', 'Côte d’Ivoire - Mobile', 'A – B', '') },
  { weight: 5, arbitrary: chars(NAME_NOISE, 24) },
  // Around usage's 200-character limit on a name, kept whole (with a prefix) or its country part.
  { weight: 1, arbitrary: fc.integer({ min: 195, max: 206 }).map((n) => (n % 2 ? `${'N'.repeat(n - 9)} - Mobile` : 'é'.repeat(n))) },
);

const decimal = fc
  .tuple(fc.constantFrom('', '', '', '-', '+', ' '), digits(0, 18), fc.option(digits(0, 9)))
  .map(([sign, whole, fraction]) => `${sign}${whole}${fraction === null ? '' : `.${fraction}`}`);
const numeric = fc.oneof({ weight: 4, arbitrary: decimal }, { weight: 1, arbitrary: edited(decimal, '0123456789.-e ') });

const currency = fc.oneof(fc.constantFrom('USD', 'usd', 'Eur', 'GBP', 'XXY', 'EU', 'EURO', ' USD ', 'ſgd', ''), chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabc', 3));

// ---------------------------------------------------------------------------------------------

describe('fast paths agree with the regex reference', () => {
  it('parseCdrTime: the same instant or the same refusal, in any zone', () => {
    check(fc.tuple(anyTime, fc.constantFrom(...ZONES)), ([text, zone]) => {
      if (inDstChangeHour(text, zone)) return;
      expect(parseCdrTime(text, zone), JSON.stringify([text, zone])).toBe(referenceParseCdrTime(text, zone));
    });
  }, TIMEOUT_MS);

  it('parseCdrTime: every fraction of 1 to 3 digits gives its milliseconds', () => {
    for (let ms = 0; ms < 1000; ms++) {
      for (const width of [1, 2, 3]) {
        const text = `2026-03-01T10:00:00.${String(ms).padStart(3, '0').slice(0, width)}Z`;
        expect(parseCdrTime(text, 'UTC'), text).toBe(referenceParseCdrTime(text, 'UTC'));
      }
    }
  }, TIMEOUT_MS);

  it('normalizeNumber, countryCallingCode and countryPartOfName', () => {
    check(number, (text) => {
      const normalized = normalizeNumber(text);
      expect(normalized, JSON.stringify(text)).toBe(referenceNormalizeNumber(text));
      if (normalized !== undefined) expect(countryCallingCode(normalized)).toBe(referenceCountryCallingCode(normalized));
    });
    for (const short of ['', '1', '4', '44', '35', '7']) expect(countryCallingCode(short)).toBe(referenceCountryCallingCode(short));
    check(name, (text) => expect(countryPartOfName(text), JSON.stringify(text)).toBe(referenceCountryPartOfName(text)));
  }, TIMEOUT_MS);

  it('hash64: the same 16 hex digits as before (device ledgers store them)', () => {
    check(fc.string({ unit: 'binary', maxLength: 40 }), (text) => expect(hash64(text)).toBe(referenceHash64(text)));
  }, TIMEOUT_MS);

  it('parseCdrRow: the same CDR or the same reason for random rows and mappings', () => {
    // Mostly good rows with at most one field drawn from its adversarial generator, so that every
    // field's checks are reached (a row stops at its first bad field).
    const good = {
      time: fc
        .record({ day: fc.integer({ min: 0, max: 36_524 }), second: fc.integer({ min: 0, max: 86_399 }), ms: fc.integer({ min: 0, max: 999 }), form: fc.nat(3) })
        .map(({ day, second, ms, form }) => {
          const iso = new Date(Date.UTC(2000, 0, 1) + day * 86_400_000 + second * 1000 + ms).toISOString();
          return [iso, iso.slice(0, 19).replace('T', ' '), `${iso.slice(0, 19)}+02:00`, String(Math.floor(Date.parse(iso) / 1000))][form]!;
        }),
      number: fc.oneof(
        fc.tuple(fc.constantFrom('', '+', '00'), digits(3, 15)).map(([p, d]) => p + d),
        // Around the national forms of the home countries: 10 digits, a trunk 0 or 8, written international or not.
        fc.tuple(fc.constantFrom('', '0', '00', '8', '+', '1', '(2', ' 0'), digits(9, 11)).map(([p, d]) => p + d),
      ),
      duration: fc.oneof(digits(1, 6), fc.tuple(digits(1, 5), digits(1, 3)).map(([whole, fraction]) => `${whole}.${fraction}`)),
      charge: fc.tuple(digits(1, 15), fc.option(digits(1, 6))).map(([whole, fraction]) => (fraction === null ? whole : `${whole}.${fraction}`)),
      currency: fc.constantFrom('USD', 'usd', 'EUR', ' GBP ', ''),
      customer: fc.constantFrom('Globex', ' Globex ', 'CUST-1'),
      prefix: fc.constantFrom('', '', '+44', '4477'),
    };
    const row = fc
      .record({
        good: fc.record(good),
        bad: fc.record({
          time: anyTime,
          number,
          duration: numeric,
          billed: numeric,
          charge: numeric,
          currency,
          customer: fc.constantFrom('', ' ', '\u00a0'),
          prefix: fc.oneof(fc.constantFrom('++4', '1234567890123456', '٣'), chars('0123456789+a ', 6)),
        }),
        broken: fc.option(fc.constantFrom('time', 'number', 'duration', 'billed', 'charge', 'currency', 'customer', 'prefix'), { freq: 2 }),
        name,
        callId: fc.constantFrom('', 'x1', ' x1 ', 'b-123456', 'x\t1', 'line\nbreak', 'del\u007f', 'é'.repeat(499)),
      })
      .map(({ good: g, bad: b, broken, ...rest }) => ({
        ...rest,
        time: broken === 'time' ? b.time : g.time,
        number: broken === 'number' ? b.number : g.number,
        duration: broken === 'duration' ? b.duration : g.duration,
        billed: broken === 'billed' ? b.billed : g.duration,
        charge: broken === 'charge' ? b.charge : g.charge,
        currency: broken === 'currency' ? b.currency : g.currency,
        customer: broken === 'customer' ? b.customer : g.customer,
        prefix: broken === 'prefix' ? b.prefix : g.prefix,
      }));
    // Optional columns present or not; sometimes a row shorter than a required column.
    const mapping = fc.record({
      billedDuration: fc.boolean(),
      currency: fc.boolean(),
      callId: fc.boolean(),
      prefix: fc.boolean(),
      destinationName: fc.boolean(),
      zone: fc.constantFrom(...ZONES),
      homeCountry: fc.constantFrom(undefined, '', '1', '44', '7', '39'),
      cut: fc.option(fc.integer({ min: 0, max: 9 }), { freq: 20 }),
    });
    let accepted = 0;
    let refused = 0;
    const reader = new CdrReader({ hasHeader: false, columns: {}, sourceTimeZone: 'UTC' });
    check(fc.tuple(row, mapping), ([r, m]) => {
      if (inDstChangeHour(r.time.trim(), m.zone)) return;
      const cells = [r.time, r.customer, r.number, r.name, r.duration, r.billed, r.charge, r.currency, r.callId, r.prefix];
      const columns: CdrColumns = { time: 0, customer: 1, destinationNumber: 2, duration: 4, charge: 6 };
      if (m.destinationName) columns.destinationName = 3;
      if (m.billedDuration) columns.billedDuration = 5;
      if (m.currency) columns.currency = 7;
      if (m.callId) columns.callId = 8;
      if (m.prefix) columns.prefix = 9;
      const mapping: CdrMapping = { hasHeader: false, columns, sourceTimeZone: m.zone, ...(m.homeCountry === undefined ? {} : { homeCountry: m.homeCountry }) };
      const input = m.cut === null ? cells : cells.slice(0, m.cut);
      const parsed = parseCdrRow(input, 5, mapping);
      const expected = referenceParseCdrRow(input, 5, mapping);
      expect(parsed, JSON.stringify([input, mapping])).toEqual(expected);
      // One reader for every row, as the import pass reads: nothing of an earlier row may leak.
      reader.mapping = mapping;
      const read = reader.read(input, 5);
      expect(read ? { ok: true, cdr: reader.cdr() } : { ok: false, error: { line: reader.line, reason: reader.reason } }).toEqual(expected);
      if (parsed.ok) accepted++;
      else refused++;
    });
    // Both outcomes are exercised, not only early refusals.
    expect(Math.min(accepted, refused)).toBeGreaterThan(RUNS / 5);
  }, TIMEOUT_MS);

  it('callIdKeyLanes: the lanes of hash64Lanes on `c:` and the call id', () => {
    const fast = new Uint32Array(2);
    const reference = new Uint32Array(2);
    check(fc.string({ unit: 'grapheme', maxLength: 40 }), (callId) => {
      callIdKeyLanes(callId, fast);
      hash64Lanes(`c:${callId}`, reference);
      expect([...fast]).toEqual([...reference]);
    });
  });

  it('BillingDays: the same day as cdrBillingDay for instants in any order, across DST changes and cache slots', () => {
    const instant = fc.oneof(
      fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) - 1 }),
      // Around the 2026 changes, so one slot sees both sides of a change; and 42 days apart, so two quarter hours share a slot.
      fc.integer({ min: Date.UTC(2026, 2, 20), max: Date.UTC(2026, 3, 10) }),
      fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4095 })).map(([k, q]) => Date.UTC(2026, 9, 1) + (k * 4096 + q) * 900_000),
    );
    check(
      fc.tuple(fc.constantFrom(...ZONES), fc.array(instant, { maxLength: 50 })),
      ([zone, instants]) => {
        const days = new BillingDays(zone);
        for (const ms of instants) expect(days.days[days.of(ms)]).toBe(cdrBillingDay(ms, zone));
        expect(new Set(days.days).size).toBe(days.days.length);
      },
      300,
    );
  }, TIMEOUT_MS);

  it('addToCells: the same cells as string keys give, past 2^53 millionths too, and after the map is changed elsewhere', () => {
    const cdr = fc.record({
      day: fc.constantFrom('2026-03-01', '2026-03-02', '2026-03-03'),
      destination: fc.constantFrom('1', '44', '4477', '353'),
      destinationName: fc.constantFrom('', 'UK', 'United Kingdom', 'Ireland'),
      billedSeconds: fc.integer({ min: 0, max: 600 }),
      charge: fc.oneof(fc.integer({ min: 0, max: 10 ** 9 }), fc.constant(Number.MAX_SAFE_INTEGER)),
      clear: fc.constantFrom(false, false, false, false, false, false, false, false, false, true),
    });
    check(
      fc.array(cdr, { maxLength: 60 }),
      (cdrs) => {
        const fast = new Map<string, UsageCell>();
        const reference = new Map<string, UsageCell>();
        for (const c of cdrs) {
          // Now and then the caller empties or trims the map (as a flush would): the index must follow.
          if (c.clear) {
            const first = fast.keys().next();
            if (!first.done && c.billedSeconds % 2 === 0) {
              fast.delete(first.value);
              reference.delete(first.value);
            } else {
              fast.clear();
              reference.clear();
            }
          }
          const full: Cdr = { line: 1, epochMs: 0, customer: 'x', number: '1', destination: c.destination, destinationName: c.destinationName, seconds: c.billedSeconds, billedSeconds: c.billedSeconds, charge: c.charge, currency: '', callId: '', key: '' };
          addToCells(fast, full, c.day);
          referenceAddToCells(reference, { ...full }, c.day);
        }
        expect([...fast]).toEqual([...reference]);
      },
      500,
    );
  });
});
