import { describe, expect, it } from 'vitest';
import { countryCallingCode } from './cdr';
import { callingCodeName, homeCountryOptions, homeNumbering, internationalNumber, isHomeCountryCode, namedPrefixes, withoutNanpExitCode, type HomeNumbering } from './destinations';

describe('callingCodeName: the longest prefix the table names', () => {
  it('names the codes of the examples', () => {
    expect(['1', '44', '49', '971', '973', '7'].map(callingCodeName)).toEqual([
      'United States, Canada and Caribbean',
      'United Kingdom',
      'Germany',
      'United Arab Emirates',
      'Bahrain',
      'Russia/Kazakhstan',
    ]);
  });

  it('reads whole numbers by their code', () => {
    expect(callingCodeName('447700900123')).toBe('United Kingdom');
    expect(callingCodeName('97317001234')).toBe('Bahrain');
    expect(callingCodeName('35312345678')).toBe('Ireland');
    expect(callingCodeName('3531')).toBe('Ireland');
  });

  it('NANP: the Caribbean members by area code, the United States and Canada under the zone', () => {
    expect(callingCodeName('1268')).toBe('Antigua and Barbuda');
    expect(callingCodeName('12684601234')).toBe('Antigua and Barbuda');
    expect(callingCodeName('18765551234')).toBe('Jamaica');
    expect(callingCodeName('1658')).toBe('Jamaica');
    expect(callingCodeName('18095551234')).toBe('Dominican Republic');
    expect(callingCodeName('1787')).toBe('Puerto Rico');
    // 1 212 (New York) and 1 416 (Toronto) are the zone's.
    expect(callingCodeName('12125550100')).toBe('United States, Canada and Caribbean');
    expect(callingCodeName('14165550100')).toBe('United States, Canada and Caribbean');
    // 1 26 is not 1 268.
    expect(callingCodeName('126')).toBe('United States, Canada and Caribbean');
  });

  it('zone 7: Kazakhstan is 76 and 77, Russia 73, 74, 78 and 79, the code alone both', () => {
    expect(callingCodeName('7')).toBe('Russia/Kazakhstan');
    expect(callingCodeName('77')).toBe('Kazakhstan');
    expect(callingCodeName('77012345678')).toBe('Kazakhstan');
    expect(callingCodeName('76')).toBe('Kazakhstan');
    expect(callingCodeName('74951234567')).toBe('Russia');
    expect(callingCodeName('79161234567')).toBe('Russia');
    expect(callingCodeName('70')).toBe('Russia/Kazakhstan');
  });

  it('three-digit codes beside two-digit ones: 3xx, 42x, 50x, 59x, 67x–69x, 99x', () => {
    expect(['350', '351', '352', '359', '370', '380', '383', '385', '389'].map(callingCodeName)).toEqual([
      'Gibraltar', 'Portugal', 'Luxembourg', 'Bulgaria', 'Lithuania', 'Ukraine', 'Kosovo', 'Croatia', 'North Macedonia',
    ]);
    expect(['420', '421', '423'].map(callingCodeName)).toEqual(['Czech Republic', 'Slovakia', 'Liechtenstein']);
    expect(['500', '501', '509', '590', '591', '598'].map(callingCodeName)).toEqual(['Falkland Islands', 'Belize', 'Haiti', 'Guadeloupe', 'Bolivia', 'Uruguay']);
    expect(['599', '5999', '5997', '5994', '5993'].map(callingCodeName)).toEqual(['Curaçao/Caribbean Netherlands', 'Curaçao', 'Bonaire', 'Saba', 'Sint Eustatius']);
    expect(['670', '672', '6723', '679', '680', '683', '685', '689', '690', '692'].map(callingCodeName)).toEqual([
      'Timor-Leste', 'Australian External Territories', 'Norfolk Island', 'Fiji', 'Palau', 'Niue', 'Samoa', 'French Polynesia', 'Tokelau', 'Marshall Islands',
    ]);
    expect(['992', '993', '994', '995', '996', '998'].map(callingCodeName)).toEqual(['Tajikistan', 'Turkmenistan', 'Azerbaijan', 'Georgia', 'Kyrgyzstan', 'Uzbekistan']);
    expect(['960', '966', '968', '970', '972', '974', '977', '98'].map(callingCodeName)).toEqual([
      'Maldives', 'Saudi Arabia', 'Oman', 'Palestine', 'Israel', 'Qatar', 'Nepal', 'Iran',
    ]);
  });

  it('non-geographic codes: 80x, 87x, 88x, 979, 991', () => {
    expect(['800', '808', '870', '878', '881', '8816', '8818', '882', '883', '888', '979', '991'].map(callingCodeName)).toEqual([
      'International Freephone',
      'International Shared Cost Service',
      'Inmarsat',
      'Universal Personal Telecommunications',
      'Global Mobile Satellite System',
      'Iridium',
      'Globalstar',
      'International Networks',
      'International Networks',
      'OCHA disaster relief',
      'International Premium Rate Service',
      'International Telecommunications Public Correspondence Service',
    ]);
    // 88x beside them: countries.
    expect(['850', '852', '853', '855', '856', '880', '886'].map(callingCodeName)).toEqual(['North Korea', 'Hong Kong', 'Macau', 'Cambodia', 'Laos', 'Bangladesh', 'Taiwan']);
  });

  it('has no name for spare codes and for numbers with a trunk 0', () => {
    for (const spare of ['210', '259', '280', '384', '422', '693', '801', '830', '851', '871', '884', '890', '969', '978', '990', '997', '999']) {
      expect(callingCodeName(spare), spare).toBeUndefined();
    }
    expect(callingCodeName('020')).toBeUndefined();
    expect(callingCodeName('011')).toBeUndefined();
    expect(callingCodeName('')).toBeUndefined();
  });

  it('every prefix of the table lies within a calling code as lib/cdr reads it from a number', () => {
    // The roll-up key of a number is countryCallingCode's: a code the table spelt otherwise would
    // never be found. Longer prefixes (NANP area codes, 7x, 599x, 672x, 881x) lie within a named code.
    for (const prefix of namedPrefixes()) {
      const code = countryCallingCode(`${prefix}00000000`);
      expect(prefix.startsWith(code), prefix).toBe(true);
      expect(callingCodeName(code), prefix).toBeDefined();
      if (!/^[17]/.test(prefix) && prefix.length <= 3) expect(code, prefix).toBe(prefix);
    }
  });

  it('names exactly the country codes ITU-T E.164 assigns', () => {
    // The list of assigned codes (ITU-T E.164 annex, 2024), written out apart from the table.
    const assigned = `1 7 20 27 30 31 32 33 34 36 39 40 41 43 44 45 46 47 48 49 51 52 53 54 55 56 57 58 60 61 62 63 64 65 66
      81 82 84 86 90 91 92 93 94 95 98
      211 212 213 216 218 220 221 222 223 224 225 226 227 228 229 230 231 232 233 234 235 236 237 238 239 240 241 242 243
      244 245 246 247 248 249 250 251 252 253 254 255 256 257 258 260 261 262 263 264 265 266 267 268 269 290 291 297 298 299
      350 351 352 353 354 355 356 357 358 359 370 371 372 373 374 375 376 377 378 379 380 381 382 383 385 386 387 388 389
      420 421 423 500 501 502 503 504 505 506 507 508 509 590 591 592 593 594 595 596 597 598 599
      670 672 673 674 675 676 677 678 679 680 681 682 683 685 686 687 688 689 690 691 692
      800 808 850 852 853 855 856 870 878 880 881 882 883 886 888
      960 961 962 963 964 965 966 967 968 970 971 972 973 974 975 976 977 979 991 992 993 994 995 996 998`
      .split(/\s+/)
      .sort();
    const codes = namedPrefixes().filter((prefix) => countryCallingCode(`${prefix}00000000`) === prefix);
    expect(codes.sort()).toEqual(assigned);
  });
});

describe('withoutNanpExitCode', () => {
  it('reads 011 + an international number', () => {
    expect(withoutNanpExitCode('011447700900123')).toBe('447700900123');
    expect(withoutNanpExitCode('01149301234567')).toBe('49301234567');
    expect(withoutNanpExitCode('011973171234567')).toBe('973171234567');
  });

  it('leaves national numbers that start 011 (Leeds, Delhi, Turin) and every other number', () => {
    expect(withoutNanpExitCode('01134960000')).toBe('01134960000');
    expect(withoutNanpExitCode('01123456789')).toBe('01123456789');
    expect(withoutNanpExitCode('0111234567')).toBe('0111234567');
    expect(withoutNanpExitCode('447700900123')).toBe('447700900123');
    expect(withoutNanpExitCode('02079460000')).toBe('02079460000');
  });
});

describe('national numbers of the home country', () => {
  const home = (code: string): HomeNumbering => homeNumbering(code)!;
  /** The international form of a number as a switch wrote it (normalized as lib/cdr does: "+" or "00" dropped). */
  const international = (text: string, code: string) => internationalNumber(text.replace(/^\+|^00/, ''), text, home(code));

  it('NANP: 10 digits whose area code starts 2–9 are +1', () => {
    expect(international('2125551234', '1')).toBe('12125551234');
    expect(international('4155550100', '1')).toBe('14155550100');
    // Not national: written with + or 00, too short or long, already with its 1, or 011 abroad.
    expect(international('+2125551234', '1')).toBeUndefined();
    expect(international('002125551234', '1')).toBeUndefined();
    expect(international('5551234', '1')).toBeUndefined();
    expect(international('12125551234', '1')).toBeUndefined();
    expect(international('1125551234', '1')).toBeUndefined();
    expect(international('011447700900123', '1')).toBeUndefined();
  });

  it('a trunk 0 country: the 0 is dropped for the code', () => {
    expect(international('02079460000', '44')).toBe('442079460000');
    expect(international('07700900123', '44')).toBe('447700900123');
    expect(international('01134960000', '44')).toBe('441134960000');
    expect(international('0301234567', '49')).toBe('49301234567');
    // International (00, +), bare digits, and short codes are not national.
    expect(international('00447700900123', '44')).toBeUndefined();
    expect(international('+02079460000', '44')).toBeUndefined();
    expect(international('447700900123', '44')).toBeUndefined();
    expect(international('0800', '44')).toBeUndefined();
    expect(international('999', '44')).toBeUndefined();
  });

  it('Russia/Kazakhstan dial 8 before 10 digits; Italy keeps its 0', () => {
    expect(international('84951234567', '7')).toBe('74951234567');
    expect(international('0084951234567', '7')).toBeUndefined(); // Vietnam, by 00
    expect(international('0612345678', '39')).toBe('390612345678');
  });

  it('offers countries, not services or parts of a code, and no home country for "" or an unknown code', () => {
    const codes = homeCountryOptions().map((o) => o.code);
    expect(codes).toContain('1');
    expect(codes).toContain('44');
    expect(codes).toContain('7');
    expect(codes).not.toContain('1268');
    expect(codes).not.toContain('77');
    expect(codes).not.toContain('800');
    expect(isHomeCountryCode('44')).toBe(true);
    expect(isHomeCountryCode('+44')).toBe(false);
    expect(isHomeCountryCode('384')).toBe(false);
    expect(homeNumbering('')).toBeUndefined();
    expect(homeNumbering(undefined)).toBeUndefined();
    expect(homeNumbering('44')?.name).toBe('United Kingdom');
  });
});
