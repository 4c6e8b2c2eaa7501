/**
 * The timezones My Account offers: the IANA names of each country's zones (tzdata's zone.tab), so
 * every country's own name is there whatever the browser lists. Chromium's
 * `Intl.supportedValuesOf('timeZone')` gives ICU's list, which uses legacy names (Asia/Calcutta,
 * Europe/Kiev, America/Godthab) and, in some versions, leaves out zones that tzdata makes links
 * (Asia/Bahrain, Europe/Oslo); a runtime's own names are added only when they are no zone of this
 * list under another name (a zone newer than the list, say).
 *
 * Two names of one zone give the same billing days: a value saved under a legacy name stays
 * valid, is offered under its own name beside the canonical one, and changing it to that one
 * changes nothing (`sameTimeZone`).
 */
import { isTimeZone } from './dates';

/** tzdata 2025b zone.tab, by area; each entry is the name after "Area/". */
const ZONE_TAB_NAMES: Readonly<Record<string, readonly string[]>> = {
  Africa: [
    'Abidjan Accra Addis_Ababa Algiers Asmara Bamako Bangui Banjul Bissau Blantyre Brazzaville Bujumbura',
    'Cairo Casablanca Ceuta Conakry Dakar Dar_es_Salaam Djibouti Douala El_Aaiun Freetown Gaborone Harare',
    'Johannesburg Juba Kampala Khartoum Kigali Kinshasa Lagos Libreville Lome Luanda Lubumbashi Lusaka',
    'Malabo Maputo Maseru Mbabane Mogadishu Monrovia Nairobi Ndjamena Niamey Nouakchott Ouagadougou',
    'Porto-Novo Sao_Tome Tripoli Tunis Windhoek',
  ],
  America: [
    'Adak Anchorage Anguilla Antigua Araguaina Argentina/Buenos_Aires Argentina/Catamarca',
    'Argentina/Cordoba Argentina/Jujuy Argentina/La_Rioja Argentina/Mendoza Argentina/Rio_Gallegos',
    'Argentina/Salta Argentina/San_Juan Argentina/San_Luis Argentina/Tucuman Argentina/Ushuaia Aruba',
    'Asuncion Atikokan Bahia Bahia_Banderas Barbados Belem Belize Blanc-Sablon Boa_Vista Bogota Boise',
    'Cambridge_Bay Campo_Grande Cancun Caracas Cayenne Cayman Chicago Chihuahua Ciudad_Juarez Costa_Rica',
    'Coyhaique Creston Cuiaba Curacao Danmarkshavn Dawson Dawson_Creek Denver Detroit Dominica Edmonton',
    'Eirunepe El_Salvador Fort_Nelson Fortaleza Glace_Bay Goose_Bay Grand_Turk Grenada Guadeloupe',
    'Guatemala Guayaquil Guyana Halifax Havana Hermosillo Indiana/Indianapolis Indiana/Knox',
    'Indiana/Marengo Indiana/Petersburg Indiana/Tell_City Indiana/Vevay Indiana/Vincennes Indiana/Winamac',
    'Inuvik Iqaluit Jamaica Juneau Kentucky/Louisville Kentucky/Monticello Kralendijk La_Paz Lima',
    'Los_Angeles Lower_Princes Maceio Managua Manaus Marigot Martinique Matamoros Mazatlan Menominee',
    'Merida Metlakatla Mexico_City Miquelon Moncton Monterrey Montevideo Montserrat Nassau New_York Nome',
    'Noronha North_Dakota/Beulah North_Dakota/Center North_Dakota/New_Salem Nuuk Ojinaga Panama',
    'Paramaribo Phoenix Port-au-Prince Port_of_Spain Porto_Velho Puerto_Rico Punta_Arenas Rankin_Inlet',
    'Recife Regina Resolute Rio_Branco Santarem Santiago Santo_Domingo Sao_Paulo Scoresbysund Sitka',
    'St_Barthelemy St_Johns St_Kitts St_Lucia St_Thomas St_Vincent Swift_Current Tegucigalpa Thule',
    'Tijuana Toronto Tortola Vancouver Whitehorse Winnipeg Yakutat',
  ],
  Antarctica: [
    'Casey Davis DumontDUrville Macquarie Mawson McMurdo Palmer Rothera Syowa Troll Vostok',
  ],
  Arctic: [
    'Longyearbyen',
  ],
  Asia: [
    'Aden Almaty Amman Anadyr Aqtau Aqtobe Ashgabat Atyrau Baghdad Bahrain Baku Bangkok Barnaul Beirut',
    'Bishkek Brunei Chita Colombo Damascus Dhaka Dili Dubai Dushanbe Famagusta Gaza Hebron Ho_Chi_Minh',
    'Hong_Kong Hovd Irkutsk Jakarta Jayapura Jerusalem Kabul Kamchatka Karachi Kathmandu Khandyga Kolkata',
    'Krasnoyarsk Kuala_Lumpur Kuching Kuwait Macau Magadan Makassar Manila Muscat Nicosia Novokuznetsk',
    'Novosibirsk Omsk Oral Phnom_Penh Pontianak Pyongyang Qatar Qostanay Qyzylorda Riyadh Sakhalin',
    'Samarkand Seoul Shanghai Singapore Srednekolymsk Taipei Tashkent Tbilisi Tehran Thimphu Tokyo Tomsk',
    'Ulaanbaatar Urumqi Ust-Nera Vientiane Vladivostok Yakutsk Yangon Yekaterinburg Yerevan',
  ],
  Atlantic: [
    'Azores Bermuda Canary Cape_Verde Faroe Madeira Reykjavik South_Georgia St_Helena Stanley',
  ],
  Australia: [
    'Adelaide Brisbane Broken_Hill Darwin Eucla Hobart Lindeman Lord_Howe Melbourne Perth Sydney',
  ],
  Europe: [
    'Amsterdam Andorra Astrakhan Athens Belgrade Berlin Bratislava Brussels Bucharest Budapest Busingen',
    'Chisinau Copenhagen Dublin Gibraltar Guernsey Helsinki Isle_of_Man Istanbul Jersey Kaliningrad Kirov',
    'Kyiv Lisbon Ljubljana London Luxembourg Madrid Malta Mariehamn Minsk Monaco Moscow Oslo Paris',
    'Podgorica Prague Riga Rome Samara San_Marino Sarajevo Saratov Simferopol Skopje Sofia Stockholm',
    'Tallinn Tirane Ulyanovsk Vaduz Vatican Vienna Vilnius Volgograd Warsaw Zagreb Zurich',
  ],
  Indian: [
    'Antananarivo Chagos Christmas Cocos Comoro Kerguelen Mahe Maldives Mauritius Mayotte Reunion',
  ],
  Pacific: [
    'Apia Auckland Bougainville Chatham Chuuk Easter Efate Fakaofo Fiji Funafuti Galapagos Gambier',
    'Guadalcanal Guam Honolulu Kanton Kiritimati Kosrae Kwajalein Majuro Marquesas Midway Nauru Niue',
    'Norfolk Noumea Pago_Pago Palau Pitcairn Pohnpei Port_Moresby Rarotonga Saipan Tahiti Tarawa',
    'Tongatapu Wake Wallis',
  ],
};

export const IANA_TIME_ZONES: readonly string[] = Object.entries(ZONE_TAB_NAMES).flatMap(([area, lines]) =>
  lines.flatMap((line) => line.split(' ').map((name) => `${area}/${name}`)),
);

const resolvedNames = new Map<string, string>();

/** The name the runtime resolves a zone to (ICU's: "Asia/Kolkata" → "Asia/Calcutta"); the name itself when unknown. */
function resolvedName(timeZone: string): string {
  let resolved = resolvedNames.get(timeZone);
  if (resolved === undefined) {
    try {
      resolved = new Intl.DateTimeFormat('en-US', { timeZone }).resolvedOptions().timeZone;
    } catch {
      resolved = timeZone;
    }
    resolvedNames.set(timeZone, resolved);
  }
  return resolved;
}

/** Whether two names are one zone of the runtime ("Asia/Calcutta" and "Asia/Kolkata"): the same billing days. */
export function sameTimeZone(a: string, b: string): boolean {
  return a === b || resolvedName(a) === resolvedName(b);
}

/** The IANA (zone.tab) name of a zone saved under another name: "Asia/Calcutta" → "Asia/Kolkata"; undefined when none. */
export function canonicalTimeZone(timeZone: string): string | undefined {
  if (IANA_TIME_ZONES.includes(timeZone) || timeZone === 'UTC') return timeZone;
  const resolved = resolvedName(timeZone);
  return IANA_TIME_ZONES.find((zone) => resolvedName(zone) === resolved);
}

export interface TimeZoneOption {
  value: string;
  label: string;
}

/**
 * The choices of the account's timezone: UTC, then every IANA zone the runtime knows, in name
 * order, labelled with spaces for underscores. `runtimeZones` (Intl's list) adds the zones the list
 * lacks under any name. `current`, the saved value, is always offered: under a legacy name it is
 * labelled with the canonical one ("Asia/Kolkata (saved as Asia/Calcutta)"), so the form shows
 * what is saved and the list holds one entry per place besides it.
 */
export function timeZoneOptions(current: string, runtimeZones: readonly string[]): TimeZoneOption[] {
  const names = new Set<string>(IANA_TIME_ZONES.filter(isTimeZone));
  const covered = new Set([...names].map(resolvedName));
  for (const zone of runtimeZones) {
    if (zone === 'UTC' || covered.has(resolvedName(zone))) continue;
    names.add(zone);
    covered.add(resolvedName(zone));
  }
  const label = (zone: string) => zone.replaceAll('_', ' ');
  const options = [...names].sort().map((zone) => ({ value: zone, label: label(zone) }));
  if (current !== 'UTC' && !names.has(current)) {
    const canonical = isTimeZone(current) ? canonicalTimeZone(current) : undefined;
    const saved = { value: current, label: canonical ? `${label(canonical)} (saved as ${current})` : label(current) };
    const at = options.findIndex((option) => option.value > (canonical ?? current));
    options.splice(at < 0 ? options.length : at, 0, saved);
  }
  return [{ value: 'UTC', label: 'UTC' }, ...options];
}
