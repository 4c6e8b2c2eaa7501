import { describe, expect, it } from 'vitest';
import { canonicalTimeZone, IANA_TIME_ZONES, sameTimeZone, timeZoneOptions } from './time-zones';

/** ICU's list as Chromium gives it: legacy names, and (in some versions) without zones tzdata makes links. */
const CHROMIUM_LIKE = ['Africa/Asmera', 'America/Godthab', 'Asia/Calcutta', 'Asia/Katmandu', 'Asia/Qatar', 'Asia/Saigon', 'Europe/Kiev', 'Europe/London', 'Etc/GMT+5'];

describe('IANA_TIME_ZONES', () => {
  it("is zone.tab's names, once each, in order: every country's zones under their IANA names", () => {
    expect(IANA_TIME_ZONES.length).toBe(418);
    expect([...IANA_TIME_ZONES].sort()).toEqual(IANA_TIME_ZONES);
    expect(new Set(IANA_TIME_ZONES).size).toBe(IANA_TIME_ZONES.length);
    for (const zone of ['Asia/Bahrain', 'Asia/Kolkata', 'Asia/Kathmandu', 'Asia/Ho_Chi_Minh', 'Europe/Kyiv', 'Europe/Oslo', 'America/Nuuk', 'Africa/Asmara']) {
      expect(IANA_TIME_ZONES, zone).toContain(zone);
    }
    for (const legacy of ['Asia/Calcutta', 'Europe/Kiev', 'America/Godthab', 'Asia/Saigon']) expect(IANA_TIME_ZONES, legacy).not.toContain(legacy);
  });
});

describe('timeZoneOptions', () => {
  it('offers UTC first, then the IANA names (Asia/Bahrain too), never a legacy name the list has under its own', () => {
    const options = timeZoneOptions('UTC', CHROMIUM_LIKE);
    const values = options.map((o) => o.value);
    expect(values[0]).toBe('UTC');
    expect(values).toContain('Asia/Bahrain');
    expect(values).toContain('Asia/Kolkata');
    expect(values).toContain('Europe/Kyiv');
    for (const legacy of ['Asia/Calcutta', 'Asia/Katmandu', 'Asia/Saigon', 'Europe/Kiev', 'America/Godthab', 'Africa/Asmera']) expect(values, legacy).not.toContain(legacy);
    expect(new Set(values).size).toBe(values.length);
    expect(options.find((o) => o.value === 'America/New_York')?.label).toBe('America/New York');
  });

  it("adds the runtime's zones that the list has under no name", () => {
    expect(timeZoneOptions('UTC', CHROMIUM_LIKE).map((o) => o.value)).toContain('Etc/GMT+5');
  });

  it('a value saved under a legacy name is offered, labelled with its IANA name, beside it', () => {
    const options = timeZoneOptions('Asia/Calcutta', CHROMIUM_LIKE);
    const at = options.findIndex((o) => o.value === 'Asia/Calcutta');
    expect(options[at]).toEqual({ value: 'Asia/Calcutta', label: 'Asia/Kolkata (saved as Asia/Calcutta)' });
    expect(options[at - 1]?.value).toBe('Asia/Kolkata');
    // A saved name no runtime knows is still shown (the form then asks for another).
    expect(timeZoneOptions('Mars/Olympus', []).some((o) => o.value === 'Mars/Olympus' && o.label === 'Mars/Olympus')).toBe(true);
  });
});

describe('sameTimeZone and canonicalTimeZone', () => {
  it('tells two names of one zone from two zones', () => {
    expect(sameTimeZone('Asia/Calcutta', 'Asia/Kolkata')).toBe(true);
    expect(sameTimeZone('Europe/Kiev', 'Europe/Kyiv')).toBe(true);
    expect(sameTimeZone('Europe/London', 'Europe/Dublin')).toBe(false);
    expect(sameTimeZone('Asia/Bahrain', 'Asia/Tokyo')).toBe(false);
    expect(canonicalTimeZone('Asia/Calcutta')).toBe('Asia/Kolkata');
    expect(canonicalTimeZone('Europe/Kiev')).toBe('Europe/Kyiv');
    expect(canonicalTimeZone('Asia/Bahrain')).toBe('Asia/Bahrain');
    expect(canonicalTimeZone('UTC')).toBe('UTC');
  });
});
