/**
 * Destination names from dialled numbers, for CDRs that name no destination (Asterisk `Master.csv`,
 * FreeSWITCH CSV, a softswitch export without a name column or with a row's name left empty): the E.164 country calling code of
 * the number says which country was called, and that is what a billing clerk expects to read on
 * an invoice line ("United Kingdom (44)" rather than "44"). Pure data and lookups; lib/cdr decides
 * which prefix a CDR is rolled up under and asks here for its name.
 *
 * The table holds every code ITU-T E.164 assigns (geographic and non-geographic, 2024), and a few
 * longer prefixes where one code is shared: NANP area codes of the countries other than the
 * United States and Canada (a rated prefix such as 1268 reads "Antigua and Barbuda"), Kazakhstan
 * within zone 7, the islands of +599, +672's territories and the satellite networks of +881.
 * Spare codes (e.g. 384, 422, 693, 851, 969, 999) have no name: their lines keep the bare code.
 */

/**
 * Fewer digits than the shortest international number (+683 4002, Niue: 7 digits with the code)
 * cannot be a call abroad: it is an extension or a short service code of the switch (101, 1000,
 * 5001, 18118; lib/cdr reads numbers of 3 digits or more). Such a call is named LOCAL_DESTINATION_NAME and kept under its own number (lib/cdr), as
 * a billing clerk reads "Local/extension (5001)" at once, where "Falkland Islands (500)" (what its
 * first digits spell as a calling code) would be wrong. Such a call at no charge is an internal
 * call, which no invoice bills (lib/grouping `isInternalCall`).
 */
export const MIN_INTERNATIONAL_DIGITS = 7;
export const LOCAL_DESTINATION_NAME = 'Local/extension';

/**
 * A NANP switch dials abroad as 011 + the international number. A number that starts 011 is also,
 * elsewhere, a national one with its trunk 0 (Leeds 0113 496 0000, Delhi 011 2345 6789, Turin,
 * Sapporo, Johannesburg: 9 to 11 digits in all). Only 12 digits or more after a leading 011 are
 * read as 011 + an international number: no national number with a trunk 0 is that long, and an
 * international number of 9 digits or more is (nearly every country's; the few shorter ones, such
 * as Niue's, stay under "011").
 */
const NANP_EXIT_CODE = '011';
const MIN_DIGITS_AFTER_NANP_EXIT_CODE = 9;

/** "011447700900123" → "447700900123"; any other number as it is. `digits` holds digits only. */
export function withoutNanpExitCode(digits: string): string {
  return digits.length >= NANP_EXIT_CODE.length + MIN_DIGITS_AFTER_NANP_EXIT_CODE && digits.startsWith(NANP_EXIT_CODE) ? digits.slice(NANP_EXIT_CODE.length) : digits;
}

/** Codes and the prefixes within them, by zone (the first digit). */
const CALLING_CODE_NAMES: Readonly<Record<string, string>> = {
  // Zone 1: the North American Numbering Plan. "1" alone is most often the United States or
  // Canada, but a roll-up under "1" holds the Caribbean members' calls as well, so its name says so.
  '1': 'United States, Canada and Caribbean',
  '1242': 'Bahamas',
  '1246': 'Barbados',
  '1264': 'Anguilla',
  '1268': 'Antigua and Barbuda',
  '1284': 'British Virgin Islands',
  '1340': 'US Virgin Islands',
  '1345': 'Cayman Islands',
  '1441': 'Bermuda',
  '1473': 'Grenada',
  '1649': 'Turks and Caicos Islands',
  '1658': 'Jamaica',
  '1664': 'Montserrat',
  '1670': 'Northern Mariana Islands',
  '1671': 'Guam',
  '1684': 'American Samoa',
  '1721': 'Sint Maarten',
  '1758': 'Saint Lucia',
  '1767': 'Dominica',
  '1784': 'Saint Vincent and the Grenadines',
  '1787': 'Puerto Rico',
  '1809': 'Dominican Republic',
  '1829': 'Dominican Republic',
  '1849': 'Dominican Republic',
  '1868': 'Trinidad and Tobago',
  '1869': 'Saint Kitts and Nevis',
  '1876': 'Jamaica',
  '1939': 'Puerto Rico',

  // Zone 2: Africa and the North Atlantic.
  '20': 'Egypt',
  '211': 'South Sudan',
  '212': 'Morocco',
  '213': 'Algeria',
  '216': 'Tunisia',
  '218': 'Libya',
  '220': 'Gambia',
  '221': 'Senegal',
  '222': 'Mauritania',
  '223': 'Mali',
  '224': 'Guinea',
  '225': "Côte d'Ivoire",
  '226': 'Burkina Faso',
  '227': 'Niger',
  '228': 'Togo',
  '229': 'Benin',
  '230': 'Mauritius',
  '231': 'Liberia',
  '232': 'Sierra Leone',
  '233': 'Ghana',
  '234': 'Nigeria',
  '235': 'Chad',
  '236': 'Central African Republic',
  '237': 'Cameroon',
  '238': 'Cape Verde',
  '239': 'São Tomé and Príncipe',
  '240': 'Equatorial Guinea',
  '241': 'Gabon',
  '242': 'Congo',
  '243': 'DR Congo',
  '244': 'Angola',
  '245': 'Guinea-Bissau',
  '246': 'Diego Garcia',
  '247': 'Ascension Island',
  '248': 'Seychelles',
  '249': 'Sudan',
  '250': 'Rwanda',
  '251': 'Ethiopia',
  '252': 'Somalia',
  '253': 'Djibouti',
  '254': 'Kenya',
  '255': 'Tanzania',
  '256': 'Uganda',
  '257': 'Burundi',
  '258': 'Mozambique',
  '260': 'Zambia',
  '261': 'Madagascar',
  '262': 'Réunion/Mayotte',
  '263': 'Zimbabwe',
  '264': 'Namibia',
  '265': 'Malawi',
  '266': 'Lesotho',
  '267': 'Botswana',
  '268': 'Eswatini',
  '269': 'Comoros',
  '27': 'South Africa',
  '290': 'Saint Helena',
  '291': 'Eritrea',
  '297': 'Aruba',
  '298': 'Faroe Islands',
  '299': 'Greenland',

  // Zones 3 and 4: Europe. 388 was the European Telephony Numbering Space, a code shared by a group of countries.
  '30': 'Greece',
  '31': 'Netherlands',
  '32': 'Belgium',
  '33': 'France',
  '34': 'Spain',
  '350': 'Gibraltar',
  '351': 'Portugal',
  '352': 'Luxembourg',
  '353': 'Ireland',
  '354': 'Iceland',
  '355': 'Albania',
  '356': 'Malta',
  '357': 'Cyprus',
  '358': 'Finland',
  '359': 'Bulgaria',
  '36': 'Hungary',
  '370': 'Lithuania',
  '371': 'Latvia',
  '372': 'Estonia',
  '373': 'Moldova',
  '374': 'Armenia',
  '375': 'Belarus',
  '376': 'Andorra',
  '377': 'Monaco',
  '378': 'San Marino',
  '379': 'Vatican City',
  '380': 'Ukraine',
  '381': 'Serbia',
  '382': 'Montenegro',
  '383': 'Kosovo',
  '385': 'Croatia',
  '386': 'Slovenia',
  '387': 'Bosnia and Herzegovina',
  '388': 'Shared code (group of European countries)',
  '389': 'North Macedonia',
  '39': 'Italy',
  '40': 'Romania',
  '41': 'Switzerland',
  '420': 'Czech Republic',
  '421': 'Slovakia',
  '423': 'Liechtenstein',
  '43': 'Austria',
  '44': 'United Kingdom',
  '45': 'Denmark',
  '46': 'Sweden',
  '47': 'Norway',
  '48': 'Poland',
  '49': 'Germany',

  // Zone 5: Central and South America. +599's islands by their own first digit.
  '500': 'Falkland Islands',
  '501': 'Belize',
  '502': 'Guatemala',
  '503': 'El Salvador',
  '504': 'Honduras',
  '505': 'Nicaragua',
  '506': 'Costa Rica',
  '507': 'Panama',
  '508': 'Saint Pierre and Miquelon',
  '509': 'Haiti',
  '51': 'Peru',
  '52': 'Mexico',
  '53': 'Cuba',
  '54': 'Argentina',
  '55': 'Brazil',
  '56': 'Chile',
  '57': 'Colombia',
  '58': 'Venezuela',
  '590': 'Guadeloupe',
  '591': 'Bolivia',
  '592': 'Guyana',
  '593': 'Ecuador',
  '594': 'French Guiana',
  '595': 'Paraguay',
  '596': 'Martinique',
  '597': 'Suriname',
  '598': 'Uruguay',
  '599': 'Curaçao/Caribbean Netherlands',
  '5993': 'Sint Eustatius',
  '5994': 'Saba',
  '5997': 'Bonaire',
  '5999': 'Curaçao',

  // Zone 6: South-East Asia and Oceania.
  '60': 'Malaysia',
  '61': 'Australia',
  '62': 'Indonesia',
  '63': 'Philippines',
  '64': 'New Zealand',
  '65': 'Singapore',
  '66': 'Thailand',
  '670': 'Timor-Leste',
  '672': 'Australian External Territories',
  '6721': 'Australian Antarctic Territory',
  '6723': 'Norfolk Island',
  '673': 'Brunei',
  '674': 'Nauru',
  '675': 'Papua New Guinea',
  '676': 'Tonga',
  '677': 'Solomon Islands',
  '678': 'Vanuatu',
  '679': 'Fiji',
  '680': 'Palau',
  '681': 'Wallis and Futuna',
  '682': 'Cook Islands',
  '683': 'Niue',
  '685': 'Samoa',
  '686': 'Kiribati',
  '687': 'New Caledonia',
  '688': 'Tuvalu',
  '689': 'French Polynesia',
  '690': 'Tokelau',
  '691': 'Micronesia',
  '692': 'Marshall Islands',

  // Zone 7: Russia and Kazakhstan share the code; Kazakhstan's numbers start 76 or 77, Russia's
  // 73, 74, 78 and 79. A roll-up under "7" holds both.
  '7': 'Russia/Kazakhstan',
  '73': 'Russia',
  '74': 'Russia',
  '76': 'Kazakhstan',
  '77': 'Kazakhstan',
  '78': 'Russia',
  '79': 'Russia',

  // Zone 8: East Asia and the non-geographic services.
  '800': 'International Freephone',
  '808': 'International Shared Cost Service',
  '81': 'Japan',
  '82': 'South Korea',
  '84': 'Vietnam',
  '850': 'North Korea',
  '852': 'Hong Kong',
  '853': 'Macau',
  '855': 'Cambodia',
  '856': 'Laos',
  '86': 'China',
  '870': 'Inmarsat',
  '878': 'Universal Personal Telecommunications',
  '880': 'Bangladesh',
  '881': 'Global Mobile Satellite System',
  '8816': 'Iridium',
  '8817': 'Iridium',
  '8818': 'Globalstar',
  '8819': 'Globalstar',
  '882': 'International Networks',
  '883': 'International Networks',
  '886': 'Taiwan',
  '888': 'OCHA disaster relief',

  // Zone 9: West, Central and South Asia, and the Middle East.
  '90': 'Turkey',
  '91': 'India',
  '92': 'Pakistan',
  '93': 'Afghanistan',
  '94': 'Sri Lanka',
  '95': 'Myanmar',
  '960': 'Maldives',
  '961': 'Lebanon',
  '962': 'Jordan',
  '963': 'Syria',
  '964': 'Iraq',
  '965': 'Kuwait',
  '966': 'Saudi Arabia',
  '967': 'Yemen',
  '968': 'Oman',
  '970': 'Palestine',
  '971': 'United Arab Emirates',
  '972': 'Israel',
  '973': 'Bahrain',
  '974': 'Qatar',
  '975': 'Bhutan',
  '976': 'Mongolia',
  '977': 'Nepal',
  '979': 'International Premium Rate Service',
  '98': 'Iran',
  '991': 'International Telecommunications Public Correspondence Service',
  '992': 'Tajikistan',
  '993': 'Turkmenistan',
  '994': 'Azerbaijan',
  '995': 'Georgia',
  '996': 'Kyrgyzstan',
  '998': 'Uzbekistan',
};

const NAMES = new Map(Object.entries(CALLING_CODE_NAMES));
const LONGEST_PREFIX = Math.max(...[...NAMES.keys()].map((prefix) => prefix.length));

/** Every prefix the table names, for tests and documentation. */
export function namedPrefixes(): string[] {
  return [...NAMES.keys()];
}

/**
 * The country (or service) a prefix or a whole international number belongs to, by the longest
 * prefix the table holds: "447700900123" → "United Kingdom", "1268" → "Antigua and Barbuda",
 * "1212" → the NANP's name, "77" → "Kazakhstan", "7" → "Russia/Kazakhstan". Undefined for a spare
 * code or a number that is not international ("020…", a national number with its trunk 0).
 */
export function callingCodeName(digits: string): string | undefined {
  // A roll-up's key is nearly always a whole code: the first look-up finds it without a slice.
  for (let length = Math.min(digits.length, LONGEST_PREFIX); length > 0; length--) {
    const name = NAMES.get(length === digits.length ? digits : digits.slice(0, length));
    if (name !== undefined) return name;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// National numbers of the home country
// ---------------------------------------------------------------------------------------------

/**
 * Calling codes of services, not countries: no switch writes national numbers of them, so they are
 * not offered as a home country.
 */
const NON_GEOGRAPHIC_CODES = new Set(['388', '800', '808', '870', '878', '881', '882', '883', '888', '979', '991']);

/** The country codes a home country may be: every whole code of the table that is a country's. */
const HOME_COUNTRY_CODES: ReadonlyMap<string, string> = new Map(
  [...NAMES].filter(([prefix]) => isWholeCallingCode(prefix) && !NON_GEOGRAPHIC_CODES.has(prefix)),
);

/** Whether a table prefix is a whole calling code (E.164 codes are prefix-free), not a part of one ("1268", "77"). */
function isWholeCallingCode(prefix: string): boolean {
  for (let length = 1; length < prefix.length; length++) if (NAMES.has(prefix.slice(0, length))) return false;
  return true;
}

/**
 * Whether `name` is one Tollbook gives `destination` itself when a CDR names none (lib/cdr
 * destinationNameOf, a rated prefix's or the home country's national numbers): its country, or
 * "Local/extension". Usage keeps no mark of where a name came from, so a line's name is chosen by
 * this: a name the file gave ("Germany Mobile") is not hidden by a later day's derived "Germany".
 */
export function isDerivedDestinationName(destination: string, name: string): boolean {
  return name === LOCAL_DESTINATION_NAME || name === callingCodeName(destination);
}

/** How a destination's name ranks when two compete for one usage row or line: 2 one the CDR file gave, 1 one Tollbook derived, 0 none. */
export function destinationNameRank(destination: string, name: string): number {
  if (name === '') return 0;
  return isDerivedDestinationName(destination, name) ? 1 : 2;
}

/**
 * Whether `name` should replace `current` as the name of `destination`'s calls on one day (a usage
 * cell, a usage row): it ranks higher (destinationNameRank), or as high and is the larger text, so
 * input order never matters. Named and unnamed calls merged into one cell keep the file's name,
 * as grouping them into a line does (lib/grouping).
 */
export function outranksDestinationName(destination: string, name: string, current: string): boolean {
  if (name === current) return false;
  const rank = destinationNameRank(destination, name);
  const currentRank = destinationNameRank(destination, current);
  return rank > currentRank || (rank === currentRank && name > current);
}

/** Whether `code` ("1", "44", without "+") is a country's calling code, so a home country. */
export function isHomeCountryCode(code: string): boolean {
  return HOME_COUNTRY_CODES.has(code);
}

/** How a home country reads on screen: "United Kingdom (+44)"; undefined for none or an unknown code. */
export function homeCountryLabel(code: string | undefined): string | undefined {
  const name = code === undefined ? undefined : HOME_COUNTRY_CODES.get(code);
  return name === undefined ? undefined : `${name} (+${code})`;
}

/** The home countries to choose from: calling code and name, by name. */
export function homeCountryOptions(): { code: string; name: string }[] {
  return [...HOME_COUNTRY_CODES].map(([code, name]) => ({ code, name })).sort((a, b) => a.name.localeCompare(b.name, 'en'));
}

/**
 * How a switch in the home country writes the country's own numbers (its national form), decided
 * once per import so that reading a CDR costs a length and a first-digit check.
 *
 * - The NANP (+1) has no trunk prefix: a national number is the 10 digits of area code and
 *   number, the area code starting 2–9 (2125551234). A leading 1 (12125551234) is already the
 *   international form, and 011 dials abroad.
 * - Russia and Kazakhstan (+7) dial 8 before the 10 digits (8 495 123 45 67 → +7 495 123 45 67).
 * - Italy and San Marino keep the 0 of their numbers in the international form (06 1234 5678 →
 *   +39 06 1234 5678).
 * - Most other countries dial a trunk 0 before the number, dropped abroad (020 7946 0000 →
 *   +44 20 7946 0000). A 0 followed by another 0 is the international prefix instead.
 *
 * Countries without a trunk prefix other than the NANP (Spain, Denmark, Norway…) write national
 * numbers that start with no mark of their own: those stay read as they are.
 */
export interface HomeNumbering {
  /** The calling code ("1", "44"). */
  readonly code: string;
  /** The destination name of the code (callingCodeName). */
  readonly name: string;
  /** What a national number starts with ('' for the NANP), and whether the international form keeps it. */
  readonly nationalPrefix: string;
  readonly keepsPrefix: boolean;
  /** Digits of a national number, its prefix included. */
  readonly minDigits: number;
  readonly maxDigits: number;
}

const NANP_NATIONAL_DIGITS = 10;
/** The longest international number (E.164). */
const MAX_INTERNATIONAL_DIGITS = 15;

/** The numbering of a home country given by its calling code; undefined when none is set ('' or absent) or the code is not a country's. */
export function homeNumbering(code: string | undefined): HomeNumbering | undefined {
  if (code === undefined || !HOME_COUNTRY_CODES.has(code)) return undefined;
  const name = HOME_COUNTRY_CODES.get(code)!;
  if (code === '1') return { code, name, nationalPrefix: '', keepsPrefix: false, minDigits: NANP_NATIONAL_DIGITS, maxDigits: NANP_NATIONAL_DIGITS };
  if (code === '7') return { code, name, nationalPrefix: '8', keepsPrefix: false, minDigits: 11, maxDigits: 11 };
  const keepsPrefix = code === '39' || code === '378';
  // At least as long as the shortest international number (shorter ones are extensions and short
  // codes); at most what fits in an international number with the code.
  const maxDigits = MAX_INTERNATIONAL_DIGITS - code.length + (keepsPrefix ? 0 : 1);
  return { code, name, nationalPrefix: '0', keepsPrefix, minDigits: MIN_INTERNATIONAL_DIGITS, maxDigits };
}

/**
 * Whether a dialled number is a national number of the home country. `digits` is the normalized
 * number (lib/cdr normalizeNumber), `text` the cell it was read from, trimmed: a number written
 * with "+" or "00" is international whatever its digits. Runs once per CDR: length and leading
 * character checks only.
 */
export function isNationalNumber(digits: string, text: string, home: HomeNumbering): boolean {
  const length = digits.length;
  if (length < home.minDigits || length > home.maxDigits) return false;
  const first = text.charCodeAt(0);
  if (first === 43 /* + */ || (first === 48 /* 0 */ && text.charCodeAt(1) === 48)) return false;
  const lead = digits.charCodeAt(0);
  // NANP: an area code starts 2–9 (a leading 0 or 1 is a prefix, not a national number).
  if (home.nationalPrefix === '') return lead >= 50 && lead <= 57;
  // The prefix is one digit ("0", "8"); after a trunk 0, another 0 would be the international prefix.
  return lead === home.nationalPrefix.charCodeAt(0) && digits.charCodeAt(1) !== 48;
}

/**
 * A national number of the home country in international form, without "+": "2125551234" →
 * "12125551234" (NANP), "02079460000" → "442079460000" (UK); undefined when `digits` is not a
 * national number (isNationalNumber).
 */
export function internationalNumber(digits: string, text: string, home: HomeNumbering): string | undefined {
  if (!isNationalNumber(digits, text, home)) return undefined;
  return home.code + (home.keepsPrefix ? digits : digits.slice(home.nationalPrefix.length));
}
