'use client';

import { useRouter } from 'next/navigation';
import { useMemo, useState, type FormEvent } from 'react';
import { v7 as uuidv7 } from 'uuid';
import { packageSchema, type Package } from '@/lib/entities';
import { fieldChanges } from '@/lib/field-patch';
import { parsePrefixPattern, retailPriceLabel } from '@/lib/packages';
import { FormActions } from '../../_components/form-actions';
import { currencyOptions } from '../../customer/_components/customer-form';
import { CheckboxField, FormMessage, SelectField, TextAreaField, TextField, focusFirstInvalid } from '../../_components/form-fields';
import { leaveForm, useLiveDraft } from '../../_components/live-draft';
import { focusHeadingOnArrival } from '../../_components/page-heading';
import { RemoteChangeNotice } from '../../_components/remote-change-notice';
import { fieldErrors } from '../../_components/zod-errors';
import { mutate, writeErrorMessage } from '../../_local/mutate';

interface PackageDraft {
  name: string;
  description: string;
  currency: string;
  retail: string;
  setup: string;
  frequency: Package['frequency'];
  matchDays: number[];
  kind: Package['kind'];
  prefixPattern: string;
  freeMinutes: string;
  minimumSpend: boolean;
  retired: boolean;
}

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

function draftOf(pkg: Package | undefined, defaultCurrency: string): PackageDraft {
  return {
    name: pkg?.name ?? '',
    description: pkg?.description ?? '',
    currency: pkg?.currency ?? defaultCurrency,
    retail: pkg?.retail ?? '0',
    setup: pkg?.setup ?? '0',
    frequency: pkg?.frequency ?? 'monthly',
    matchDays: pkg?.matchDays ?? [],
    kind: pkg?.kind ?? 'fee',
    prefixPattern: pkg?.prefixPattern ?? '',
    freeMinutes: String(pkg?.freeMinutes ?? 0),
    minimumSpend: pkg?.minimumSpend ?? false,
    retired: pkg?.retired ?? false,
  };
}

/** How the form and its change notice name each field: the retail price as the frequency makes it. */
const labelsFor = (frequency: Package['frequency']): Record<keyof PackageDraft, string> => ({
  name: 'Name',
  description: 'Description',
  currency: 'Currency',
  retail: retailPriceLabel(frequency),
  setup: 'Setup price',
  frequency: 'Frequency',
  matchDays: 'Billing days',
  kind: 'Type',
  prefixPattern: 'Destination prefixes',
  freeMinutes: 'Free minutes',
  minimumSpend: 'Minimum spend',
  retired: 'Retired',
});

/**
 * `pkg` is the live row (undefined for a new package, or once it is deleted on another device):
 * fields the user has not edited follow it, edited ones keep the user's value. A new package is
 * priced in `defaultCurrency` (My Account's) unless the user chooses another; `currencyFixed` says
 * why the currency can no longer change (the package is assigned), if it cannot.
 */
export function PackageForm({ pkg, defaultCurrency, currencyFixed }: { pkg: Package | undefined; defaultCurrency: string; currencyFixed: string | undefined }) {
  const router = useRouter();
  const form = useLiveDraft(pkg, (row) => draftOf(row, defaultCurrency));
  const { draft, set } = form;
  const editing = form.row;
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [saving, setSaving] = useState(false);
  const currencies = useMemo(() => currencyOptions(draft.currency), [draft.currency]);
  const showMatchDays = draft.frequency === 'weekly' || draft.frequency === 'monthly';
  const freeMinutesKind = draft.kind === 'free-minutes';
  const labels = labelsFor(draft.frequency);

  function toggleDay(day: number, on: boolean) {
    set('matchDays', on ? [...draft.matchDays, day].sort((a, b) => a - b) : draft.matchDays.filter((x) => x !== day));
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    const formElement = event.currentTarget as HTMLFormElement;
    setMessage(null);
    const candidate = {
      ...draft,
      id: editing?.id ?? uuidv7(),
      retail: draft.retail.trim(),
      // A blank setup price is no setup fee: 0, not a number to correct.
      setup: draft.setup.trim() || '0',
      // Fields hidden for this kind or frequency are saved empty, never with stale values.
      matchDays: showMatchDays ? draft.matchDays.filter((d) => draft.frequency === 'monthly' || d <= 7) : [],
      prefixPattern: freeMinutesKind ? draft.prefixPattern.trim() : '',
      freeMinutes: freeMinutesKind ? (/^\d{1,9}$/.test(draft.freeMinutes.trim()) ? Number(draft.freeMinutes.trim()) : draft.freeMinutes) : 0,
    };
    const parsed = packageSchema.safeParse(candidate);
    const next = parsed.success ? {} : fieldErrors(parsed.error);
    if (typeof candidate.freeMinutes !== 'number' || next.freeMinutes) next.freeMinutes = 'must be a whole number of minutes';
    if (freeMinutesKind && candidate.prefixPattern === '') next.prefixPattern = 'is required for a free-minutes package (e.g. 44,1)';
    if (freeMinutesKind && candidate.prefixPattern !== '' && !parsePrefixPattern(candidate.prefixPattern).every((prefix) => /^\d+$/.test(prefix))) next.prefixPattern = 'must be number prefixes separated by commas, e.g. 44,1';
    if (freeMinutesKind && candidate.freeMinutes === 0) next.freeMinutes = 'must be more than 0 for a free-minutes package';
    if (!parsed.success || Object.keys(next).length > 0) {
      setErrors(next);
      setMessage({ kind: 'error', text: 'Nothing was saved: correct the fields marked below.' });
      focusFirstInvalid(formElement);
      return;
    }
    setErrors({});
    setSaving(true);
    try {
      if (editing) {
        // Only what differs from the live row travels: per-field last-writer-wins keeps another device's other edits.
        // `seen`, the row's values of them now: the server does not apply a price another device
        // changed before this save reached it, and says so (lib/field-patch).
        const { id: _id, ...fields } = parsed.data;
        const { patch, seen } = fieldChanges<Package>(editing, fields);
        if (Object.keys(patch).length > 0) await mutate('updatePackage', { id: editing.id, patch, seen });
      } else {
        await mutate('createPackage', parsed.data);
      }
      focusHeadingOnArrival('/packages');
      leaveForm(router, '/packages');
    } catch (error) {
      setMessage({ kind: 'error', text: writeErrorMessage(error) });
      setSaving(false);
    }
  }

  return (
    <form onSubmit={save} noValidate className="stack">
      <div className="page-head">
        <h1>{editing ? `Edit ${editing.name}` : 'New package'}</h1>
      </div>
      <RemoteChangeNotice form={form} noun="package" labels={labels} />
      <FormMessage message={message} />
      <section className="card record-grid" aria-label="Package">
        <TextField label="Name" value={draft.name} onChange={(v) => set('name', v)} error={errors.name} required />
        {/* Two columns once the grid has them, its value shown whole (wrapped on a phone): "Fee (e.g. DID rental, monthly fee)" was cut at 1280 px. */}
        <SelectField
          label="Type"
          className="span-2-wide"
          wrapValue
          value={draft.kind}
          onChange={(v) => set('kind', v as Package['kind'])}
          options={[
            { value: 'fee', label: 'Fee (e.g. DID rental, monthly fee)' },
            { value: 'free-minutes', label: 'Free minutes bundle' },
          ]}
        />
        <TextAreaField label="Description" value={draft.description} onChange={(v) => set('description', v)} error={errors.description} className="span-all" rows={2} />
        <SelectField
          label="Currency"
          value={draft.currency}
          onChange={(v) => set('currency', v)}
          options={currencies}
          error={errors.currency}
          disabled={currencyFixed !== undefined}
          hint={currencyFixed ?? 'Its prices are in this currency: it can be assigned only to customers billed in it.'}
        />
        <TextField
          label={labels.retail}
          value={draft.retail}
          onChange={(v) => set('retail', v)}
          error={errors.retail}
          inputMode="decimal"
          hint={draft.frequency === 'none' ? `In ${draft.currency}, up to 6 decimals, charged on the day the assignment starts.` : `In ${draft.currency}, up to 6 decimals.`}
        />
        <TextField label="Setup price" value={draft.setup} onChange={(v) => set('setup', v)} error={errors.setup} inputMode="decimal" hint={`In ${draft.currency}, charged once, in the period the assignment starts.`} />
        <SelectField
          label="Frequency"
          value={draft.frequency}
          onChange={(v) => set('frequency', v as Package['frequency'])}
          options={[
            { value: 'none', label: 'None (one-off)' },
            { value: 'daily', label: 'Daily' },
            { value: 'weekly', label: 'Weekly' },
            { value: 'monthly', label: 'Monthly' },
          ]}
        />
        <CheckboxField label="Minimum spend" checked={draft.minimumSpend} onChange={(v) => set('minimumSpend', v)} hint="Charge the shortfall when usage from one billing day to the next is below the retail price, on the invoice holding the last of those days." />
        {showMatchDays && (
          <fieldset className="span-all match-days">
            <legend>{draft.frequency === 'weekly' ? 'Bill on these weekdays' : 'Bill on these days of the month'}</legend>
            <p className="field-hint">{draft.frequency === 'monthly'
                ? "None chosen: bills on the assignment's start day of each month. A day past a month's end (31 in April) bills on its last day."
                : "None chosen: bills on the weekday the assignment starts."}</p>
            <div className="day-grid">
              {(draft.frequency === 'weekly' ? WEEKDAYS.map((label, i) => ({ day: i + 1, label })) : Array.from({ length: 31 }, (_, i) => ({ day: i + 1, label: String(i + 1) }))).map(({ day, label }) => (
                <label key={day} className="day-check">
                  <input type="checkbox" checked={draft.matchDays.includes(day)} onChange={(e) => toggleDay(day, e.target.checked)} aria-label={draft.frequency === 'weekly' ? label : `Day ${label}`} />
                  <span aria-hidden="true">{label}</span>
                </label>
              ))}
            </div>
            {errors.matchDays && <p className="field-error">Match days {errors.matchDays}</p>}
          </fieldset>
        )}
        {freeMinutesKind && (
          <>
            <TextField label="Destination prefixes" value={draft.prefixPattern} onChange={(v) => set('prefixPattern', v)} error={errors.prefixPattern} inputMode="numeric" hint="Number prefixes the free minutes apply to, separated by commas, e.g. 44,1." />
            <TextField label="Free minutes" value={draft.freeMinutes} onChange={(v) => set('freeMinutes', v)} error={errors.freeMinutes} inputMode="numeric" hint="Per unit of quantity, for the calls from one billing day to the day before the next; minutes a period leaves unused are not carried over." />
          </>
        )}
        {editing && <CheckboxField label="Retired" checked={draft.retired} onChange={(v) => set('retired', v)} hint="A retired package keeps its assignments but cannot be assigned again." />}
      </section>
      <FormActions submitLabel={editing ? 'Save package' : 'Create package'} disabled={saving || form.deleted} />
    </form>
  );
}
