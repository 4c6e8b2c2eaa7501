/**
 * The demo carrier: 50 customers with contacts, 10 packages in the seller's currency (DID
 * rentals, fees, free-minute bundles, a minimum spend) and the platform fee in each other currency
 * some customers are billed in, their assignments (each customer's in its currency) and six full
 * months of daily usage over 80 destinations. Deterministic: the same seed and `today` give the same records, byte for byte, so
 * tests and benchmarks can rely on it, and the loadDemoData mutation carries only `today` and the
 * seed: the device and the server each make the same records from them.
 *
 * It is loaded only into an empty account (no customers, packages or invoices), in one mutation,
 * so a server that finds the account no longer empty (another device added to it meanwhile)
 * refuses all of it: never half a demo, never a demo mixed with a company's own records.
 *
 * Usage is made call by call (a duration, 6-second billing increments, a per-minute rate) and each
 * call's charge is rounded to 6 decimals before summing, as an upstream rating engine would: a
 * row's charge is the sum of its calls' charges, never minutes × rate.
 */
import { usageId } from './cdr';
import { addDays, isoWeekday } from './dates';
import type { Account, Contact, Customer, CustomerPackage, Package, Usage } from './entities';
import { listInWords } from './text';

/** A small, fast, seedable PRNG (mulberry32): uniform in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Destination {
  prefix: string;
  name: string;
  /** Rate per minute in millionths of the currency unit. */
  rateMicros: number;
}

/** 80 destinations as a wholesale rate deck names them: E.164 prefix, name, rate per minute. */
export const DEMO_DESTINATIONS: readonly Destination[] = (
  [
    ['1', 'United States', 0.006],
    ['1212', 'United States - New York', 0.005],
    ['1310', 'United States - Los Angeles', 0.005],
    ['1800', 'United States - Toll Free', 0.021],
    ['1416', 'Canada - Toronto', 0.006],
    ['1514', 'Canada - Montreal', 0.006],
    ['44', 'United Kingdom', 0.009],
    ['4420', 'United Kingdom - London', 0.007],
    ['44121', 'United Kingdom - Birmingham', 0.008],
    ['44161', 'United Kingdom - Manchester', 0.008],
    ['447', 'United Kingdom - Mobile', 0.018],
    ['33', 'France', 0.011],
    ['331', 'France - Paris', 0.009],
    ['336', 'France - Mobile', 0.024],
    ['49', 'Germany', 0.01],
    ['4930', 'Germany - Berlin', 0.008],
    ['4989', 'Germany - Munich', 0.008],
    ['4915', 'Germany - Mobile', 0.029],
    ['39', 'Italy', 0.012],
    ['3906', 'Italy - Rome', 0.01],
    ['393', 'Italy - Mobile', 0.031],
    ['34', 'Spain', 0.011],
    ['3491', 'Spain - Madrid', 0.009],
    ['346', 'Spain - Mobile', 0.027],
    ['31', 'Netherlands', 0.012],
    ['3120', 'Netherlands - Amsterdam', 0.01],
    ['316', 'Netherlands - Mobile', 0.035],
    ['32', 'Belgium', 0.013],
    ['324', 'Belgium - Mobile', 0.041],
    ['41', 'Switzerland', 0.016],
    ['417', 'Switzerland - Mobile', 0.088],
    ['43', 'Austria', 0.014],
    ['46', 'Sweden', 0.011],
    ['467', 'Sweden - Mobile', 0.022],
    ['47', 'Norway', 0.012],
    ['45', 'Denmark', 0.012],
    ['358', 'Finland', 0.019],
    ['353', 'Ireland', 0.013],
    ['3538', 'Ireland - Mobile', 0.033],
    ['351', 'Portugal', 0.014],
    ['30', 'Greece', 0.015],
    ['48', 'Poland', 0.013],
    ['485', 'Poland - Mobile', 0.021],
    ['420', 'Czech Republic', 0.014],
    ['36', 'Hungary', 0.016],
    ['40', 'Romania', 0.017],
    ['407', 'Romania - Mobile', 0.052],
    ['7495', 'Russia - Moscow', 0.024],
    ['380', 'Ukraine', 0.095],
    ['90', 'Turkey', 0.028],
    ['905', 'Turkey - Mobile', 0.061],
    ['972', 'Israel', 0.019],
    ['971', 'United Arab Emirates', 0.138],
    ['9715', 'United Arab Emirates - Mobile', 0.162],
    ['966', 'Saudi Arabia', 0.109],
    ['20', 'Egypt', 0.117],
    ['27', 'South Africa', 0.034],
    ['234', 'Nigeria', 0.089],
    ['2348', 'Nigeria - Mobile', 0.097],
    ['254', 'Kenya', 0.128],
    ['212', 'Morocco', 0.181],
    ['91', 'India', 0.018],
    ['9198', 'India - Mobile', 0.016],
    ['92', 'Pakistan', 0.071],
    ['880', 'Bangladesh', 0.032],
    ['86', 'China', 0.012],
    ['8610', 'China - Beijing', 0.011],
    ['852', 'Hong Kong', 0.013],
    ['81', 'Japan', 0.023],
    ['813', 'Japan - Tokyo', 0.019],
    ['82', 'South Korea', 0.017],
    ['65', 'Singapore', 0.011],
    ['63', 'Philippines', 0.119],
    ['61', 'Australia', 0.015],
    ['614', 'Australia - Mobile', 0.029],
    ['64', 'New Zealand', 0.018],
    ['52', 'Mexico', 0.014],
    ['5255', 'Mexico - Mexico City', 0.009],
    ['55', 'Brazil', 0.021],
    ['5511', 'Brazil - Sao Paulo', 0.012],
  ] as const
).map(([prefix, name, rate]) => ({ prefix, name, rateMicros: Math.round(rate * 1_000_000) }));

export const DEMO_CUSTOMER_COUNT = 50;

export interface DemoData {
  account: Omit<Account, 'id' | 'nextNumber' | 'logo'>;
  customers: Customer[];
  packages: Package[];
  assignments: CustomerPackage[];
  usage: Usage[];
  /** The six full months of usage: the first day of the earliest and the last day of the latest. */
  period: { start: string; end: string };
}

export interface DemoDataOptions {
  /** `YYYY-MM-DD`: usage covers the six full calendar months before this day's month. */
  today: string;
  seed?: number;
  /** The seller's currency; most customers bill in it. */
  currency?: string;
}

const NAME_FIRST = ['Atlas', 'Borealis', 'Cobalt', 'Delta', 'Ember', 'Fjord', 'Granite', 'Harbor', 'Iris', 'Juniper', 'Kestrel', 'Lumen', 'Meridian', 'Nimbus', 'Orbit', 'Pioneer', 'Quartz', 'Relay', 'Summit', 'Tidal', 'Union', 'Vertex', 'Willow', 'Xenon', 'Zephyr'];
const NAME_SECOND = ['Telecom', 'Voice', 'Networks', 'Connect', 'Communications', 'Carrier', 'Telephony', 'VoIP', 'Link', 'Wholesale'];
const COUNTRIES = [
  { suffix: 'Ltd', city: 'London', street: 'Exchange Street', postcode: 'EC2A 4NE', country: 'United Kingdom', phone: '+44 20 7946', tld: 'co.uk' },
  { suffix: 'GmbH', city: 'Frankfurt am Main', street: 'Mainzer Landstraße', postcode: '60329', country: 'Germany', phone: '+49 69 2578', tld: 'de' },
  { suffix: 'Inc.', city: 'New York, NY', street: 'Hudson Street', postcode: '10013', country: 'United States', phone: '+1 212 555', tld: 'com' },
  { suffix: 'B.V.', city: 'Amsterdam', street: 'Science Park', postcode: '1098 XH', country: 'Netherlands', phone: '+31 20 794', tld: 'nl' },
  { suffix: 'S.A.S.', city: 'Paris', street: 'Rue de Londres', postcode: '75009', country: 'France', phone: '+33 1 7091', tld: 'fr' },
  { suffix: 'Pte. Ltd.', city: 'Singapore', street: 'Ayer Rajah Crescent', postcode: '139964', country: 'Singapore', phone: '+65 6817', tld: 'sg' },
] as const;
const PEOPLE_FIRST = ['Amara', 'Ben', 'Chiara', 'Dmitri', 'Elena', 'Farid', 'Greta', 'Hiro', 'Ines', 'Jonas', 'Kavya', 'Liam', 'Maya', 'Noah', 'Olga', 'Pablo', 'Quinn', 'Rosa', 'Sven', 'Tara'];
const PEOPLE_LAST = ['Adeyemi', 'Becker', 'Costa', 'Dubois', 'Evans', 'Fischer', 'Garcia', 'Hansen', 'Ivanova', 'Jensen', 'Kowalski', 'Lindqvist', 'Moreau', 'Nakamura', 'Okafor', 'Patel', 'Rossi', 'Schmidt', 'Tanaka', 'Visser'];

/** The ten catalogue packages, priced in the seller's currency (ids and currency added by the generator). */
const PACKAGES: Omit<Package, 'id' | 'currency'>[] = [
  { name: 'DID Rental - UK Geographic', description: 'Monthly rental of one UK geographic number', retail: '1.50', setup: '0', frequency: 'monthly', matchDays: [1], kind: 'fee', prefixPattern: '', freeMinutes: 0, minimumSpend: false, retired: false },
  { name: 'DID Rental - US Toll-Free', description: 'Monthly rental of one US toll-free number', retail: '2.00', setup: '5.00', frequency: 'monthly', matchDays: [1], kind: 'fee', prefixPattern: '', freeMinutes: 0, minimumSpend: false, retired: false },
  { name: 'Platform Fee', description: 'Softswitch access and portal', retail: '49.00', setup: '0', frequency: 'monthly', matchDays: [1], kind: 'fee', prefixPattern: '', freeMinutes: 0, minimumSpend: false, retired: false },
  { name: 'SIP Trunk Channel', description: 'One concurrent call channel', retail: '8.00', setup: '25.00', frequency: 'monthly', matchDays: [1], kind: 'fee', prefixPattern: '', freeMinutes: 0, minimumSpend: false, retired: false },
  { name: 'UK Bundle 1000', description: '1000 minutes a month to UK numbers', retail: '15.00', setup: '0', frequency: 'monthly', matchDays: [1], kind: 'free-minutes', prefixPattern: '44', freeMinutes: 1000, minimumSpend: false, retired: false },
  { name: 'North America Bundle 500', description: '500 minutes a month to the US and Canada', retail: '9.00', setup: '0', frequency: 'monthly', matchDays: [1], kind: 'free-minutes', prefixPattern: '1', freeMinutes: 500, minimumSpend: false, retired: false },
  { name: 'Weekly Support Retainer', description: 'Priority NOC support, billed every Monday', retail: '25.00', setup: '0', frequency: 'weekly', matchDays: [1], kind: 'fee', prefixPattern: '', freeMinutes: 0, minimumSpend: false, retired: false },
  { name: 'Call Recording Storage', description: 'Daily storage of call recordings', retail: '0.35', setup: '0', frequency: 'daily', matchDays: [], kind: 'fee', prefixPattern: '', freeMinutes: 0, minimumSpend: false, retired: false },
  { name: 'Minimum Spend Commitment', description: 'Monthly commitment of 500 in usage', retail: '500.00', setup: '0', frequency: 'monthly', matchDays: [1], kind: 'fee', prefixPattern: '', freeMinutes: 0, minimumSpend: true, retired: false },
  { name: 'Interconnect Setup', description: 'One-off interconnect configuration', retail: '0', setup: '150.00', frequency: 'none', matchDays: [], kind: 'fee', prefixPattern: '', freeMinutes: 0, minimumSpend: false, retired: false },
];

/** The platform fee in each currency customers other than the seller's are billed in. */
const PLATFORM_FEE: Record<string, string> = { USD: '49.00', EUR: '45.00', GBP: '39.00' };

/** Millionths as a decimal string: 1234567 → "1.234567" (integers only, no float in between). */
function microsToDecimal(micros: number): string {
  const whole = Math.floor(micros / 1_000_000);
  const fraction = String(micros % 1_000_000).padStart(6, '0').replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : String(whole);
}

/** A UUIDv7-shaped id from the PRNG: a fixed timestamp part, so ids sort in creation order. */
function uuidFactory(random: () => number, seed: number) {
  let counter = 0;
  const hex = (digits: number) => Array.from({ length: digits }, () => Math.floor(random() * 16).toString(16)).join('');
  // 2026-01-01T00:00:00Z in ms plus the seed, so two seeds give disjoint ids.
  const base = 1_767_225_600_000 + seed * 1_000_000;
  return () => {
    const ms = (base + counter++).toString(16).padStart(12, '0').slice(-12);
    const variant = '89ab'[Math.floor(random() * 4)]!;
    return `${ms.slice(0, 8)}-${ms.slice(8, 12)}-7${hex(3)}-${variant}${hex(3)}-${hex(12)}`;
  };
}

function monthStart(day: string, monthsBack: number): string {
  let year = Number(day.slice(0, 4));
  let month = Number(day.slice(5, 7)) - monthsBack;
  while (month < 1) {
    month += 12;
    year -= 1;
  }
  return `${year}-${String(month).padStart(2, '0')}-01`;
}

/** The demo carrier's records. */
export function generateDemoData({ today, seed = 1, currency = 'USD' }: DemoDataOptions): DemoData {
  const random = mulberry32(seed);
  const newId = uuidFactory(random, seed);
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

  const start = monthStart(today, 6);
  const end = addDays(monthStart(today, 0), -1);
  const otherCurrencies = ['USD', 'EUR', 'GBP'].filter((c) => c !== currency);

  const packages: Package[] = PACKAGES.map((p) => ({ ...p, id: newId(), currency }));
  const platformFee = packages[2]!;
  // Customers billed in another currency pay the platform fee in theirs: a package is billed only
  // in its own currency. The rest of the catalogue is the seller's.
  const platformFeeIn = new Map(
    otherCurrencies.map((other) => [other, { ...platformFee, id: newId(), name: `${platformFee.name} (${other})`, currency: other, retail: PLATFORM_FEE[other]! }]),
  );
  packages.push(...platformFeeIn.values());

  const customers: Customer[] = [];
  const usedNames = new Set<string>();
  for (let i = 0; i < DEMO_CUSTOMER_COUNT; i++) {
    let name: string;
    do name = `${pick(NAME_FIRST)} ${pick(NAME_SECOND)}`;
    while (usedNames.has(name));
    usedNames.add(name);
    const place = pick(COUNTRIES);
    const domain = `${name.toLowerCase().replace(/[^a-z]+/g, '')}.${place.tld}`;
    // A contact is a person's name, email and phone: no role (billing, NOC) to put in its name,
    // where it would print on invoices and greet the customer in emails ("Dear Noah Ivanova (Billing),").
    const contacts: Contact[] = Array.from({ length: int(1, 3) }, () => {
      const first = pick(PEOPLE_FIRST);
      const last = pick(PEOPLE_LAST);
      return { name: `${first} ${last}`, email: `${first}.${last}@${domain}`.toLowerCase(), phone: `${place.phone} ${String(int(0, 9999)).padStart(4, '0')}` };
    });
    customers.push({
      id: newId(),
      name,
      company: `${name} ${place.suffix}`,
      // Every tenth customer has left; about a quarter bill in another currency than the seller.
      status: i % 10 === 9 ? 'inactive' : 'active',
      currency: random() < 0.75 ? currency : pick(otherCurrencies),
      taxRate: pick(['0', '20', '19', '21', '7.5']),
      dueDays: pick([14, 30, 30, 45]),
      schedule: i % 7 === 3 ? 'weekly' : 'monthly',
      address: `${int(1, 250)} ${place.street}\n${place.postcode} ${place.city}\n${place.country}`,
      contacts,
      externalId: `ACC-${String(10001 + i)}`,
      notes: i % 5 === 0 ? 'Wholesale A-Z termination; rates revised quarterly.' : '',
    });
  }

  const assignments: CustomerPackage[] = [];
  const sellerPackages = packages.filter((p) => p.currency === currency);
  const freeMinutesIds = new Set(packages.filter((p) => p.kind === 'free-minutes').map((p) => p.id));
  for (const customer of customers) {
    const chosen = new Set<Package>();
    const inOtherCurrency = platformFeeIn.get(customer.currency);
    if (inOtherCurrency) {
      chosen.add(inOtherCurrency);
    } else {
      chosen.add(platformFee); // everyone pays the platform fee
      const extra = int(1, 3);
      while (chosen.size < 1 + extra) chosen.add(pick(sellerPackages));
    }
    for (const pkg of chosen) {
      const isDid = pkg.name.startsWith('DID');
      const startDate = random() < 0.7 ? start : addDays(start, int(0, 120));
      const ended = customer.status === 'inactive' || random() < 0.08;
      assignments.push({
        id: newId(),
        customerId: customer.id,
        packageId: pkg.id,
        quantity: isDid ? int(1, 40) : pkg.name.startsWith('SIP') ? int(2, 30) : freeMinutesIds.has(pkg.id) ? int(1, 2) : 1,
        startDate,
        endDate: ended ? addDays(startDate, int(30, 60)) : null,
      });
    }
  }

  const usage: Usage[] = [];
  for (const customer of customers) {
    const profile = new Set<Destination>();
    const size = int(3, 8);
    while (profile.size < size) profile.add(pick(DEMO_DESTINATIONS));
    // Calls a day on a busy destination: a few small retail customers, more wholesale ones.
    const scale = random() < 0.3 ? 40 + random() * 80 : 4 + random() * 20;
    const stopDay = customer.status === 'inactive' ? addDays(start, int(40, 100)) : end;
    const routes = [...profile].map((d) => ({ d, share: 0.2 + random(), activity: 0.35 + random() * 0.5, avgSeconds: 60 + random() * 180 }));
    const monthsMarkup = 1 + random() * 0.3;
    for (let day = start; day <= stopDay; day = addDays(day, 1)) {
      const weekend = isoWeekday(day) >= 6;
      for (const route of routes) {
        if (random() > route.activity * (weekend ? 0.6 : 1)) continue;
        const mean = scale * route.share * (weekend ? 0.35 : 1);
        const calls = Math.max(1, Math.round(mean * (0.5 + random())));
        let seconds = 0;
        let billedSeconds = 0;
        let chargeMicros = 0;
        const rate = Math.round(route.d.rateMicros * monthsMarkup);
        for (let c = 0; c < calls; c++) {
          const duration = Math.max(1, Math.round(route.avgSeconds * -Math.log(1 - random() * 0.999)));
          const billed = Math.ceil(duration / 6) * 6;
          seconds += duration;
          billedSeconds += billed;
          // Each call rated on its own and rounded to the micro unit, as the upstream switch does.
          chargeMicros += Math.round((billed * rate) / 60);
        }
        usage.push({
          id: usageId(customer.id, day, route.d.prefix),
          customerId: customer.id,
          day,
          destination: route.d.prefix,
          destinationName: route.d.name,
          calls,
          attempts: calls + Math.round(calls * random() * 0.25),
          seconds,
          billedSeconds,
          charge: microsToDecimal(chargeMicros),
          currency: customer.currency,
        });
      }
    }
  }

  return {
    account: {
      companyName: 'Northwind Voice Carrier Ltd',
      address: '12 Exchange Square\nLondon EC2A 2BR\nUnited Kingdom',
      email: 'billing@northwind-voice.example',
      registrationId: '09876543',
      vatId: 'GB 123 4567 89',
      paymentDetails: 'Barclays Bank plc · IBAN GB33 BUKB 2020 1555 5555 55 · BIC BUKBGB22',
      currency,
      timezone: 'Europe/London',
      lineGrouping: 'destination',
      rounding: 'half-up',
      numberPrefix: 'NW-',
      paperSize: 'A4',
    },
    customers,
    packages,
    assignments,
    usage,
    period: { start, end },
  };
}

/** The seller details the demo fills in (My Account). */
export type DemoSellerDetails = Pick<Account, 'companyName' | 'address' | 'email' | 'registrationId' | 'vatId' | 'paymentDetails'>;

/**
 * The demo company's seller details for an account with no company name yet, where blank; none
 * for a company that has named itself, blank or not: the demo company's address, email and bank
 * details must never print on its invoices, nor mix with its own.
 */
export function demoSellerDetails(data: DemoData, current: DemoSellerDetails): Partial<DemoSellerDetails> {
  const patch: Partial<DemoSellerDetails> = {};
  if (current.companyName.trim()) return patch;
  for (const key of ['companyName', 'address', 'email', 'registrationId', 'vatId', 'paymentDetails'] as const) {
    if (!current[key].trim()) patch[key] = data.account[key];
  }
  return patch;
}

/** What an account holds that keeps the demo out of it: the demo goes only into an empty account. */
export interface AccountContents {
  customers: number;
  packages: number;
  invoices: number;
}

/**
 * What keeps the demo out, in words ("3 customers, 2 packages and 5 invoices"); undefined for an
 * empty account. The demo's 50 customers, with usage, cannot be deleted afterwards (nor its
 * packages, assigned): loaded into an account in use, they would mix with its records for good.
 */
export function contentsKeepingDemoOut(held: AccountContents): string | undefined {
  const count = (n: number, one: string, many: string) => (n === 0 ? [] : [`${n} ${n === 1 ? one : many}`]);
  const parts = [...count(held.customers, 'customer', 'customers'), ...count(held.packages, 'package', 'packages'), ...count(held.invoices, 'invoice', 'invoices')];
  return parts.length === 0 ? undefined : listInWords(parts);
}
