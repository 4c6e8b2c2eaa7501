import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  addDays,
  billingDay,
  billingDayAt,
  dayAndClockAt,
  dayAsShown,
  dayRangeAsShown,
  dayRangeParts,
  dayInWords,
  dayWritten,
  dayNumber,
  daysInMonth,
  fromEpochDay,
  inclusiveDayCount,
  isDay,
  isTimeZone,
  isoWeekday,
  startOfDayInZone,
  toEpochDay,
  todayIn,
} from './dates';

const HOUR = 3_600_000;
const dayLengthHours = (day: string, zone: string) =>
  (startOfDayInZone(addDays(day, 1), zone) - startOfDayInZone(day, zone)) / HOUR;

describe('calendar days', () => {
  it('does day arithmetic without clocks', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29'); // leap year
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30'); // across London's DST change, still 2 days
    expect(inclusiveDayCount('2026-03-01', '2026-03-31')).toBe(31);
    expect(inclusiveDayCount('2026-03-02', '2026-03-01')).toBe(0);
    expect(daysInMonth(2026, 2)).toBe(28);
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2026, 4)).toBe(30);
    expect(isoWeekday('2026-03-02')).toBe(1); // a Monday
    expect(isoWeekday('2026-03-01')).toBe(7); // a Sunday
    expect(isoWeekday('1969-12-31')).toBe(3); // before the epoch: a Wednesday
  });

  it('numbers days as yyyymmdd, in day order', () => {
    expect(dayNumber('2026-03-01')).toBe(20260301);
    expect(dayNumber('1999-12-31') < dayNumber('2000-01-01')).toBe(true);
    expect(dayNumber('2026-3-01')).toBe(-1);
    expect(dayNumber('2026/03/01')).toBe(-1);
    expect(dayNumber('2026-0a-01')).toBe(-1);
  });

  it('rejects days that do not exist, naming the field', () => {
    expect(isDay('2026-02-29')).toBe(false);
    expect(isDay('2026-13-01')).toBe(false);
    expect(isDay('2026-1-01')).toBe(false);
    expect(isDay('2024-02-29')).toBe(true);
    expect(() => toEpochDay('2026-02-30', 'period.end')).toThrow('period.end must be a real calendar date');
  });

  it('has no year 0 (Postgres has none), and counts the years 1 to 99 as themselves, not as 1901 to 1999', () => {
    expect(isDay('0000-12-01')).toBe(false);
    expect(isDay('0001-01-01')).toBe(true);
    expect(isDay('9999-12-31')).toBe(true);
    // Years 1 to 1969: 365 days each, and 477 leap days (492 multiples of 4, less 19 centuries, plus 400, 800, 1200 and 1600).
    expect(toEpochDay('0001-01-01')).toBe(-(1969 * 365 + 477));
    expect(addDays('0099-12-31', 1)).toBe('0100-01-01');
    expect(isDay('0004-02-29')).toBe(true);
    expect(isDay('0003-02-29')).toBe(false);
  });
});

describe('dayAsShown', () => {
  it('writes a day as the screens show it in en-US, "Dec 7, 2026", whatever the locale, and refuses a day that does not exist', () => {
    expect(dayAsShown('2026-12-07')).toBe('Dec 7, 2026');
    for (const day of ['2026-01-01', '2028-02-29', '2026-11-30']) {
      expect(dayAsShown(day)).toBe(new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`)));
    }
    expect(() => dayAsShown('2026-02-30', 'payment.date')).toThrow(/^payment\.date must be a real calendar date/);
  });
});

describe('dayRangeAsShown', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it('says the year once and the month once when the two days share them', () => {
    expect(dayRangeAsShown('2026-09-01', '2026-09-30')).toBe('Sep 1–30, 2026');
    expect(dayRangeAsShown('2026-09-01', '2026-10-15')).toBe('Sep 1 – Oct 15, 2026');
    expect(dayRangeAsShown('2026-12-20', '2027-01-05')).toBe('Dec 20, 2026 – Jan 5, 2027');
    expect(dayRangeAsShown('2026-09-01', '2026-09-01')).toBe('Sep 1, 2026');
  });

  it('at the boundaries of months and years: two days apart across one, a whole month, a whole year, a leap day', () => {
    expect(dayRangeAsShown('2026-01-31', '2026-02-01')).toBe('Jan 31 – Feb 1, 2026');
    expect(dayRangeAsShown('2026-12-31', '2027-01-01')).toBe('Dec 31, 2026 – Jan 1, 2027');
    expect(dayRangeAsShown('2026-02-01', '2026-02-28')).toBe('Feb 1–28, 2026');
    expect(dayRangeAsShown('2028-02-28', '2028-02-29')).toBe('Feb 28–29, 2028');
    expect(dayRangeAsShown('2026-01-01', '2026-12-31')).toBe('Jan 1 – Dec 31, 2026');
    expect(dayRangeAsShown('2026-12-31', '2026-12-31')).toBe('Dec 31, 2026');
    // The same month of another year is another month.
    expect(dayRangeAsShown('2026-09-01', '2027-09-30')).toBe('Sep 1, 2026 – Sep 30, 2027');
  });

  it('writes a range that ends before it starts in full on both sides, as given', () => {
    expect(dayRangeAsShown('2026-09-30', '2026-09-01')).toBe('Sep 30, 2026 – Sep 1, 2026');
    expect(dayRangeAsShown('2026-10-15', '2026-09-01')).toBe('Oct 15, 2026 – Sep 1, 2026');
  });

  it('reads as en-US writes a range of days across months and years (its thin spaces aside)', () => {
    const format = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' });
    const intl = (from: string, to: string) => format.formatRange(new Date(`${from}T00:00:00Z`), new Date(`${to}T00:00:00Z`)).replace(/[\u2009\u202f]/g, ' ');
    for (const [from, to] of [
      ['2026-09-01', '2026-10-15'],
      ['2026-12-20', '2027-01-05'],
      ['2026-11-30', '2026-12-01'],
      ['2026-03-03', '2026-03-03'],
    ] as const) {
      expect(dayRangeAsShown(from, to)).toBe(intl(from, to));
    }
  });

  it('uses no locale data: the same words with Intl and toLocale… unavailable', () => {
    vi.stubGlobal('Intl', {});
    for (const method of ['toLocaleDateString', 'toLocaleString'] as const) {
      vi.spyOn(Date.prototype, method).mockImplementation(() => {
        throw new Error('locale data used');
      });
    }
    expect(dayRangeAsShown('2026-09-01', '2026-09-30')).toBe('Sep 1–30, 2026');
    expect(dayRangeAsShown('2026-09-01', '2026-10-15')).toBe('Sep 1 – Oct 15, 2026');
    expect(dayRangeAsShown('2026-12-20', '2027-01-05')).toBe('Dec 20, 2026 – Jan 5, 2027');
  });

  it('in pieces that wrap after the dash, never inside a day; a range within a month one piece', () => {
    expect(dayRangeParts('2026-09-01', '2026-10-15')).toEqual(['Sep 1 –', 'Oct 15, 2026']);
    expect(dayRangeParts('2026-12-20', '2027-01-05')).toEqual(['Dec 20, 2026 –', 'Jan 5, 2027']);
    expect(dayRangeParts('2026-09-01', '2026-09-30')).toEqual(['Sep 1–30, 2026']);
    expect(dayRangeParts('2026-09-01', '2026-09-01')).toEqual(['Sep 1, 2026']);
  });

  it('refuses a day that does not exist, naming its side', () => {
    expect(() => dayRangeAsShown('2026-02-30', '2026-03-31', 'line.startDate', 'line.endDate')).toThrow(/^line\.startDate must be a real calendar date/);
    expect(() => dayRangeAsShown('2026-02-01', '2026-02-29', 'line.startDate', 'line.endDate')).toThrow(/^line\.endDate must be a real calendar date/);
    expect(() => dayRangeAsShown('2026-09-01', '')).toThrow(/^to must be a real calendar date/);
  });
});

describe('dayInWords', () => {
  it('writes a day as "1 Nov 2026", the same words on every device, and refuses a day that does not exist', () => {
    expect(dayInWords('2026-11-01')).toBe('1 Nov 2026');
    expect(dayInWords('2028-02-29')).toBe('29 Feb 2028');
    expect(['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12'].map((m) => dayInWords(`2026-${m}-15`).split(' ')[1])).toEqual([
      'Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec',
    ]);
    expect(() => dayInWords('2026-02-30', 'usage[3].day')).toThrow(/^usage\[3\]\.day must be a real calendar date/);
  });
});

describe('dayWritten', () => {
  it('reads a day back as dayAsShown or dayInWords writes it, and nothing else', () => {
    expect(dayWritten('Mar 1, 2026')).toBe('2026-03-01');
    expect(dayWritten('1 Mar 2026')).toBe('2026-03-01');
    expect(dayWritten('Feb 29, 2028')).toBe('2028-02-29');
    for (const text of ['Feb 30, 2026', '30 Feb 2026', '01 Mar 2026', 'Mar 01, 2026', 'March 1, 2026', 'mar 1, 2026', 'Mar 1 2026', '2026-03-01', 'Calls on Mar 1, 2026']) {
      expect(dayWritten(text), text).toBeNull();
    }
  });

  it('reads back every day either writes (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -700_000, max: 2_900_000 }), (epochDay) => {
        const day = fromEpochDay(epochDay);
        expect(dayWritten(dayAsShown(day))).toBe(day);
        expect(dayWritten(dayInWords(day))).toBe(day);
      }),
    );
  });
});

describe('billingDay across DST changes', () => {
  it('Europe/London, spring forward (29 March 2026, 01:00 GMT → 02:00 BST)', () => {
    expect(billingDay('2026-03-28T23:59:59Z', 'Europe/London')).toBe('2026-03-28'); // 23:59:59 GMT
    expect(billingDay('2026-03-29T00:30:00Z', 'Europe/London')).toBe('2026-03-29'); // 00:30 GMT
    expect(billingDay('2026-03-29T22:59:59Z', 'Europe/London')).toBe('2026-03-29'); // 23:59:59 BST
    expect(billingDay('2026-03-29T23:00:00Z', 'Europe/London')).toBe('2026-03-30'); // 00:00 BST
    expect(dayLengthHours('2026-03-29', 'Europe/London')).toBe(23);
  });

  it('Europe/London, fall back (25 October 2026, 02:00 BST → 01:00 GMT)', () => {
    expect(billingDay('2026-10-24T23:00:00Z', 'Europe/London')).toBe('2026-10-25'); // 00:00 BST
    expect(billingDay('2026-10-24T22:59:59Z', 'Europe/London')).toBe('2026-10-24');
    expect(billingDay('2026-10-25T23:59:59Z', 'Europe/London')).toBe('2026-10-25'); // 23:59:59 GMT
    expect(dayLengthHours('2026-10-25', 'Europe/London')).toBe(25);
  });

  it('America/New_York, spring forward (8 March 2026, 02:00 EST → 03:00 EDT)', () => {
    expect(billingDay('2026-03-08T04:59:59Z', 'America/New_York')).toBe('2026-03-07'); // 23:59:59 EST
    expect(billingDay('2026-03-08T05:00:00Z', 'America/New_York')).toBe('2026-03-08'); // 00:00 EST
    expect(billingDay('2026-03-09T03:59:59Z', 'America/New_York')).toBe('2026-03-08'); // 23:59:59 EDT
    expect(billingDay('2026-03-09T04:00:00Z', 'America/New_York')).toBe('2026-03-09'); // 00:00 EDT
    expect(dayLengthHours('2026-03-08', 'America/New_York')).toBe(23);
  });

  it('America/New_York, fall back (1 November 2026, 02:00 EDT → 01:00 EST)', () => {
    expect(billingDay('2026-11-01T03:59:59Z', 'America/New_York')).toBe('2026-10-31'); // 23:59:59 EDT
    expect(billingDay('2026-11-01T05:30:00Z', 'America/New_York')).toBe('2026-11-01'); // the first 01:30 (EDT)
    expect(billingDay('2026-11-01T06:30:00Z', 'America/New_York')).toBe('2026-11-01'); // the second 01:30 (EST)
    expect(billingDay('2026-11-02T04:59:59Z', 'America/New_York')).toBe('2026-11-01'); // 23:59:59 EST
    expect(dayLengthHours('2026-11-01', 'America/New_York')).toBe(25);
  });

  it('takes any offset on the timestamp and other zones', () => {
    expect(billingDay('2026-03-29T00:30:00+01:00', 'UTC')).toBe('2026-03-28');
    expect(billingDay('2026-01-01T00:00:00Z', 'Asia/Kolkata')).toBe('2026-01-01'); // 05:30 IST
    expect(billingDay('2025-12-31T18:29:59Z', 'Asia/Kolkata')).toBe('2025-12-31'); // 23:59:59 IST
    expect(billingDayAt(Date.parse('2025-12-31T10:00:00Z'), 'Pacific/Kiritimati')).toBe('2026-01-01'); // UTC+14
  });

  it('starts a day after the gap where DST skips midnight (America/Santiago, 6 September 2026)', () => {
    // Chile moves from UTC−4 to UTC−3 at 24:00 on 5 September: 6 September starts at 01:00 −03 = 04:00Z.
    expect(new Date(startOfDayInZone('2026-09-06', 'America/Santiago')).toISOString()).toBe('2026-09-06T04:00:00.000Z');
    expect(billingDay('2026-09-06T03:59:59Z', 'America/Santiago')).toBe('2026-09-05');
  });

  it('refuses timestamps without an offset and unknown zones', () => {
    expect(() => billingDay('2026-03-29T00:30:00', 'UTC')).toThrow(/^timestamp must be an ISO 8601 timestamp with an offset/);
    expect(() => billingDay('yesterday', 'UTC')).toThrow(/^timestamp /);
    expect(() => billingDay('2026-03-29T00:30:00Z', 'Mars/Olympus')).toThrow(/^timezone must be an IANA timezone/);
    expect(isTimeZone('Europe/London')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
  });
});

describe('todayIn: today in the account timezone, whatever the device zone', () => {
  const at = (iso: string) => Date.parse(iso);

  it('is the account zone day, not the device day (QA: a device in Los Angeles, account in UTC)', () => {
    expect(todayIn('UTC', at('2026-12-06T01:43:00Z'))).toBe('2026-12-06');
    expect(todayIn('America/Los_Angeles', at('2026-12-06T01:43:00Z'))).toBe('2026-12-05'); // 17:43 PST
    // A new month (and year) in UTC while Los Angeles is still on the last day of the old one.
    expect(todayIn('UTC', at('2027-01-01T03:00:00Z'))).toBe('2027-01-01');
    expect(todayIn('America/Los_Angeles', at('2027-01-01T03:00:00Z'))).toBe('2026-12-31'); // 19:00 PST
  });

  it('turns at midnight in the zone', () => {
    expect(todayIn('UTC', at('2026-12-05T23:59:59.999Z'))).toBe('2026-12-05');
    expect(todayIn('UTC', at('2026-12-06T00:00:00Z'))).toBe('2026-12-06');
    expect(todayIn('Europe/London', at('2026-06-30T22:59:59Z'))).toBe('2026-06-30'); // 23:59:59 BST
    expect(todayIn('Europe/London', at('2026-06-30T23:00:00Z'))).toBe('2026-07-01'); // 00:00 BST
    expect(todayIn('Pacific/Kiritimati', at('2026-12-31T10:00:00Z'))).toBe('2027-01-01'); // 00:00, UTC+14
  });

  it('turns at midnight on both sides of a DST change (America/Los_Angeles, 2026)', () => {
    // 8 March: 02:00 PST becomes 03:00 PDT, so the 7th ends at 08:00Z and the 8th at 07:00Z.
    expect(todayIn('America/Los_Angeles', at('2026-03-08T07:59:59Z'))).toBe('2026-03-07');
    expect(todayIn('America/Los_Angeles', at('2026-03-08T08:00:00Z'))).toBe('2026-03-08');
    expect(todayIn('America/Los_Angeles', at('2026-03-09T06:59:59Z'))).toBe('2026-03-08');
    expect(todayIn('America/Los_Angeles', at('2026-03-09T07:00:00Z'))).toBe('2026-03-09');
    // 1 November: 02:00 PDT becomes 01:00 PST, so the 1st starts at 07:00Z and ends at 08:00Z the next day.
    expect(todayIn('America/Los_Angeles', at('2026-11-01T06:59:59Z'))).toBe('2026-10-31');
    expect(todayIn('America/Los_Angeles', at('2026-11-01T07:00:00Z'))).toBe('2026-11-01');
    expect(todayIn('America/Los_Angeles', at('2026-11-02T07:59:59Z'))).toBe('2026-11-01');
    expect(todayIn('America/Los_Angeles', at('2026-11-02T08:00:00Z'))).toBe('2026-11-02');
  });

  it('refuses an unknown zone rather than guess one', () => {
    expect(() => todayIn('Mars/Olympus', at('2026-12-06T01:43:00Z'))).toThrow(/^timezone must be an IANA timezone/);
  });
});

describe('dayAndClockAt: an instant as a day and a 24-hour clock time in a zone', () => {
  it('gives the zone\'s day and clock, midnight as 00', () => {
    expect(dayAndClockAt(Date.parse('2026-03-02T09:00:00Z'), 'Asia/Bahrain')).toEqual({ day: '2026-03-02', clock: '12:00' });
    expect(dayAndClockAt(Date.parse('2026-12-07T23:30:00Z'), 'Europe/Stockholm')).toEqual({ day: '2026-12-08', clock: '00:30' });
    expect(dayAndClockAt(Date.parse('2026-12-07T04:05:00Z'), 'America/Los_Angeles')).toEqual({ day: '2026-12-06', clock: '20:05' });
  });

  it('refuses a zone the runtime does not know', () => {
    expect(() => dayAndClockAt(0, 'Mars/Olympus')).toThrow(RangeError);
  });
});
