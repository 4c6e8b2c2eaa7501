'use client';

import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo, useState, type ChangeEvent, type FormEvent } from 'react';
import { ACCOUNT_ID, accountSchema, isLogoDataUrl, type Account } from '@/lib/entities';
import { isTimeZone } from '@/lib/dates';
import { homeCountryLabel, homeCountryOptions } from '@/lib/destinations';
import { sameTimeZone, timeZoneOptions } from '@/lib/time-zones';
import { fieldChanges } from '@/lib/field-patch';
import { clashingNumber, invoiceNumber, numberTakenMessage, usedNumbers } from '@/lib/invoice-numbers';
import { withoutBlankPaymentDetails } from '@/lib/invoice-parties';
import { defaultAccount } from '@/lib/mutators';
import { FormMessage, SelectField, TextAreaField, TextField, focusFirstInvalid } from '../../_components/form-fields';
import { sameValue, useLiveDraft } from '../../_components/live-draft';
import { RemoteChangeNotice } from '../../_components/remote-change-notice';
import { fieldErrors } from '../../_components/zod-errors';
import { localDb } from '../../_local/db';
import { mutate, writeErrorMessage } from '../../_local/mutate';
import { useIdentity } from '../../_local/session';
import { currencyOptions } from '../../customer/_components/customer-form';
import { CurrencyPaymentDetails } from './currency-payment-details';
import { readLogo } from './logo';

type Editable = Omit<Account, 'id'>;

/** The runtime's own zones (ICU's list in Chromium), which lib/time-zones adds to the IANA list where it lacks them. */
function runtimeTimeZones(): readonly string[] {
  return typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
}

/**
 * What changing the timezone does to usage, as the code does it: a usage row's day is worked out
 * once, when its CDRs are imported (the browser import and POST /api/cdrs both read the account's
 * zone then), and saving My Account never moves a row. Re-importing a file does not either: its
 * CDRs are recognised as imported already, whatever the zone.
 */
function timeZoneChangeWarning(from: string, to: string): string {
  return (
    `Usage already imported stays on the days it was counted in (${from} days); only CDRs imported from now on, ` +
    `in the browser or through the API, are counted in ${to} days. Importing the same files again does not move them: ` +
    'their CDRs are recognised as imported. To move a file\'s calls, undo its import under Past imports on the Import CDRs page and import it again.'
  );
}

/** The numbers this device's invoices have (all the account's, once synced), by the form they are compared in. */
async function numbersOnDevice(): Promise<Map<string, string>> {
  return usedNumbers((await localDb().invoices.orderBy('number').keys()).map(String));
}

function typedNumber(text: string): number {
  return text.trim() === '' ? Number.NaN : Number(text);
}

async function hasUsageOnDevice(): Promise<boolean> {
  return (await localDb().usage.limit(1).count()) > 0;
}

type Message = { kind: 'ok' | 'error'; text: string } | null;

/** "Not set", then every country by name with its calling code; one list for every render. */
const HOME_COUNTRY_OPTIONS = [
  // Short, so the field shows it whole; the hint says what it means.
  { value: '', label: 'Not set' },
  ...homeCountryOptions().map(({ code }) => ({ value: code, label: homeCountryLabel(code)! })),
];

function editableOf(account: Account): Editable {
  const { id: _id, ...rest } = account;
  // An account saved before payment details by currency existed has none.
  return { ...rest, paymentDetailsByCurrency: rest.paymentDetailsByCurrency ?? {} };
}

export function AccountForm() {
  const loaded = useLiveQuery(async () => ({ account: (await localDb().account.get(ACCOUNT_ID)) ?? defaultAccount() }), []);
  if (!loaded) return <p className="muted">Loading…</p>;
  return <AccountFormFields account={loaded.account} />;
}

const LABELS: Record<keyof Editable, string> = {
  companyName: 'Company name',
  email: 'Email',
  registrationId: 'Company registration id',
  vatId: 'VAT id',
  address: 'Address',
  paymentDetails: 'Payment details',
  paymentDetailsByCurrency: 'Payment details for one currency',
  logo: 'Logo',
  currency: 'Default currency',
  timezone: 'Timezone',
  homeCountry: 'Home country',
  lineGrouping: 'Invoice line grouping',
  rounding: 'Rounding',
  numberPrefix: 'Invoice number prefix',
  nextNumber: 'Next invoice number',
  paperSize: 'Paper size',
};

/**
 * `account` is the live row: fields the user has not edited follow it (a sync from another device,
 * the demo loader), edited ones keep what the user typed.
 */
function AccountFormFields({ account }: { account: Account }) {
  const readOnly = useIdentity()?.role !== 'owner';
  const form = useLiveDraft(account, (row) => editableOf(row ?? account));
  const { draft, set } = form;
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<Message>(null);
  const [logoError, setLogoError] = useState<string | undefined>();
  const zones = useMemo(() => timeZoneOptions(draft.timezone, runtimeTimeZones()), [draft.timezone]);
  // Usage on this device (all of the account's, once synced): a change of zone leaves it on its
  // days. Read only while the zone is changed, so loading the demo's usage here re-runs nothing.
  const zoneChanged = !sameTimeZone(account.timezone, draft.timezone);
  const hasUsage = useLiveQuery(async () => zoneChanged && (await hasUsageOnDevice()), [zoneChanged]) ?? false;
  const zoneChangeWarning = zoneChanged && hasUsage ? timeZoneChangeWarning(account.timezone, draft.timezone) : undefined;
  const currencies = useMemo(() => currencyOptions(draft.currency), [draft.currency]);
  const numbersUsed = useLiveQuery(numbersOnDevice, []);
  // The next number as typed, shown while it is the draft's: 99999999999999999999 as a number is
  // 1e20, which would replace the digits typed (the schema refuses it: at most 12 digits).
  const [nextNumberTyped, setNextNumberTyped] = useState<string | null>(null);
  const nextNumberShown =
    nextNumberTyped !== null && Object.is(typedNumber(nextNumberTyped), draft.nextNumber) ? nextNumberTyped : Number.isNaN(draft.nextNumber) ? '' : String(draft.nextNumber);
  // Only a next number the account would take is shown as a number: never 0, -5, or a float's rounding.
  const nextNumber = accountSchema.shape.nextNumber.safeParse(draft.nextNumber).success ? invoiceNumber(draft.numberPrefix, draft.nextNumber) : undefined;
  const clashesWith = nextNumber !== undefined && numbersUsed ? clashingNumber(numbersUsed, nextNumber) : undefined;
  // saveAccount refuses a clash only when the series changes, as issuing passes over taken numbers.
  const seriesChanged = draft.nextNumber !== account.nextNumber || draft.numberPrefix !== account.numberPrefix;

  async function chooseLogo(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    const result = await readLogo(file);
    if ('error' in result) setLogoError(result.error);
    else {
      setLogoError(undefined);
      set('logo', result.dataUrl);
    }
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    const formElement = event.currentTarget as HTMLFormElement;
    setMessage(null);
    // Details left blank for a currency print the general ones: they are not kept, and the form
    // drops them too (else the saved row, without them, would read as another device's change).
    const byCurrency = withoutBlankPaymentDetails(draft.paymentDetailsByCurrency ?? {});
    if (!sameValue(byCurrency, draft.paymentDetailsByCurrency)) set('paymentDetailsByCurrency', byCurrency);
    const parsed = accountSchema.safeParse({ ...account, ...draft, paymentDetailsByCurrency: byCurrency });
    const next = parsed.success ? {} : fieldErrors(parsed.error);
    if (!isTimeZone(draft.timezone)) next.timezone = 'is not a timezone this device knows';
    if (clashesWith !== undefined && nextNumber !== undefined && seriesChanged) next.nextNumber = `is taken: ${numberTakenMessage(clashesWith, nextNumber)}`;
    if (!parsed.success || Object.keys(next).length > 0) {
      setErrors(next);
      setMessage({ kind: 'error', text: 'Nothing was saved: correct the fields marked below.' });
      focusFirstInvalid(formElement);
      return;
    }
    setErrors({});
    // Only what differs from the live row travels (the user's edits, as fields the user did not
    // edit show the live value): per-field last-writer-wins keeps another device's other edits.
    // `seen`, the row's values of them now: the server does not apply a numbering, rounding or
    // currency setting another device changed before this save reached it, and says so (lib/field-patch).
    const { id: _id, ...fields } = parsed.data;
    // The prefix is kept trimmed (lib/entities): the form shows what was saved.
    if (fields.numberPrefix !== draft.numberPrefix) set('numberPrefix', fields.numberPrefix);
    const { patch, seen } = fieldChanges(editableOf(account), fields);
    // A logo is up to 400 kB and carries no money: the change would travel twice its size for nothing.
    delete seen.logo;
    // Read now, not from the warning on screen: a save right after choosing the zone may come first.
    if (patch.timezone !== undefined && !sameTimeZone(account.timezone, patch.timezone) && (await hasUsageOnDevice())) {
      if (!window.confirm(`Change the timezone from ${account.timezone} to ${patch.timezone}? ${timeZoneChangeWarning(account.timezone, patch.timezone)}`)) {
        setMessage({ kind: 'error', text: `Nothing was saved: the timezone is still ${account.timezone}.` });
        return;
      }
    }
    try {
      if (Object.keys(patch).length > 0) await mutate('saveAccount', { ...patch, seen });
      await form.savedInPlace({ ...draft, numberPrefix: fields.numberPrefix, paymentDetailsByCurrency: byCurrency });
      setMessage({ kind: 'ok', text: 'Account saved.' });
    } catch (error) {
      setMessage({ kind: 'error', text: writeErrorMessage(error) });
    }
  }

  return (
    <form onSubmit={save} noValidate className="stack" aria-labelledby="account-heading">
      <RemoteChangeNotice form={form} noun="account" labels={LABELS} />
      {/* The server refuses a member's change to My Account: the form says so rather than accept it. */}
      <fieldset disabled={readOnly} className="plain-fieldset stack">
        <section className="card record-grid">
          <h2 id="account-heading" className="span-all">
            My Account
          </h2>
          <p className="muted span-all">The seller on every invoice: your company&apos;s details, how invoices are numbered, rounded and printed.</p>
          {readOnly && (
            <p className="span-all" data-testid="account-owner-only">
              Only an owner of the company account can change My Account.
            </p>
          )}
          <TextField label="Company name" value={draft.companyName} onChange={(v) => set('companyName', v)} error={errors.companyName} autoComplete="organization" />
          <TextField label="Email" type="email" value={draft.email} onChange={(v) => set('email', v)} error={errors.email} autoComplete="email" />
          <TextField label="Company registration id" value={draft.registrationId} onChange={(v) => set('registrationId', v)} error={errors.registrationId} />
          <TextField label="VAT id" value={draft.vatId} onChange={(v) => set('vatId', v)} error={errors.vatId} />
          <TextAreaField label="Address" value={draft.address} onChange={(v) => set('address', v)} error={errors.address} className="span-all" />
          <TextAreaField
            label="Payment details"
            value={draft.paymentDetails}
            onChange={(v) => set('paymentDetails', v)}
            error={errors.paymentDetails}
            className="span-all"
            hint="Printed on invoices, e.g. bank name, IBAN and BIC; on a currency's invoices, its own details below if it has some."
          />
          <CurrencyPaymentDetails value={draft.paymentDetailsByCurrency ?? {}} onChange={(v) => set('paymentDetailsByCurrency', v)} errors={errors} />
          <div className="field span-all">
            <span className="field-label" id="logo-label">
              Logo
            </span>
            <div className="logo-row">
              {draft.logo && isLogoDataUrl(draft.logo) ? (
                // A data: URL from this device; next/image would add nothing for an inline image.
                <img src={draft.logo} alt="Current logo" className="logo-preview" />
              ) : draft.logo ? (
                // Saved before the server checked logos: a link is never fetched.
                <span className="muted">The saved logo is not a PNG or JPEG image: choose one, or remove it.</span>
              ) : (
                <span className="muted">No logo</span>
              )}
              <label className="button">
                Choose logo…
                <input type="file" accept="image/png,image/jpeg" className="visually-hidden" aria-labelledby="logo-label" aria-describedby="logo-hint logo-error" onChange={chooseLogo} />
              </label>
              {draft.logo && (
                <button type="button" className="button" onClick={() => set('logo', '')}>
                  Remove logo
                </button>
              )}
            </div>
            <p className="field-hint" id="logo-hint">
              PNG or JPEG, at most 256 KB. Kept on this device and synced once you press Save account, as the other fields are.
            </p>
            <p className="field-error" id="logo-error" role="alert">
              {logoError ?? errors.logo}
            </p>
          </div>
        </section>
        <section className="card record-grid" aria-labelledby="invoicing-heading">
          <h2 id="invoicing-heading" className="span-all">
            Invoicing
          </h2>
          <SelectField label="Default currency" value={draft.currency} onChange={(v) => set('currency', v)} options={currencies} error={errors.currency} hint="New customers start in this currency." />
          <SelectField
            label="Timezone"
            value={draft.timezone}
            onChange={(v) => set('timezone', v)}
            options={zones}
            error={errors.timezone}
            hint={zoneChangeWarning ?? 'Billing days are calendar days in this zone, counted when usage is imported.'}
          />
          <SelectField
            label="Home country"
            className="span-2-wide"
            wrapValue
            value={draft.homeCountry ?? ''}
            onChange={(v) => set('homeCountry', v)}
            options={HOME_COUNTRY_OPTIONS}
            error={errors.homeCountry}
            hint="Whose national numbers your switches write in CDRs, read when usage is imported: with the United States (+1), 2125551234 is a call to +1 212 555 1234; with the United Kingdom (+44), 020 7946 0000 is one to +44 20 7946 0000. Not set, numbers are read as international."
          />
          <SelectField
            label="Invoice line grouping"
            value={draft.lineGrouping}
            onChange={(v) => set('lineGrouping', v as Account['lineGrouping'])}
            options={[
              { value: 'destination', label: 'One line per destination' },
              { value: 'day', label: 'One line per day' },
            ]}
          />
          <SelectField
            label="Rounding"
            value={draft.rounding}
            onChange={(v) => set('rounding', v as Account['rounding'])}
            options={[
              { value: 'half-up', label: 'Half up (0.125 → 0.13)' },
              { value: 'half-even', label: "Half even, banker's (0.125 → 0.12)" },
            ]}
          />
          <TextField label="Invoice number prefix" value={draft.numberPrefix} onChange={(v) => set('numberPrefix', v)} error={errors.numberPrefix} />
          <TextField
            label="Next invoice number"
            type="number"
            inputMode="numeric"
            min="1"
            value={nextNumberShown}
            onChange={(v) => {
              setNextNumberTyped(v);
              set('nextNumber', typedNumber(v));
            }}
            error={errors.nextNumber}
            hint={
              nextNumber === undefined
                ? 'A whole number from 1 to 999999999999: the series continues from it.'
                : clashesWith !== undefined
                  ? `${numberTakenMessage(clashesWith, nextNumber)}: choose a next number (or a prefix) that no invoice has.`
                  : `The next invoice issued is ${nextNumber}. Set it to continue an earlier series; only to a number no invoice has, nor one that reads the same (in other case or with other dashes).`
            }
          />
          <SelectField
            label="Paper size"
            value={draft.paperSize}
            onChange={(v) => set('paperSize', v as Account['paperSize'])}
            options={[
              { value: 'A4', label: 'A4' },
              { value: 'LETTER', label: 'US Letter' },
            ]}
          />
        </section>
        <FormMessage message={message} />
        <div className="actions">
          <button type="submit" className="button primary">
            Save account
          </button>
        </div>
      </fieldset>
    </form>
  );
}
