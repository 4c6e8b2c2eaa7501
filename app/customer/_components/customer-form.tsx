'use client';

import { useLiveQuery } from 'dexie-react-hooks';
import { useRouter } from 'next/navigation';
import { useMemo, useRef, useState, type FormEvent } from 'react';
import { v7 as uuidv7 } from 'uuid';
import { customerMatchKey } from '@/lib/cdr';
import { CURRENCY_CODES } from '@/lib/currencies';
import { customerSchema, type Contact, type Customer } from '@/lib/entities';
import { fieldChanges } from '@/lib/field-patch';
import { REVERSE_CHARGE_NOTE, suggestsReverseChargeNote } from '@/lib/invoice-parties';
import { DocumentTitle } from '../../_components/document-title';
import { FormActions } from '../../_components/form-actions';
import { FormMessage, SelectField, TextAreaField, TextField, focusFirstInvalid } from '../../_components/form-fields';
import { leaveForm, useLiveDraft } from '../../_components/live-draft';
import { focusHeadingOnArrival } from '../../_components/page-heading';
import { RemoteChangeNotice } from '../../_components/remote-change-notice';
import { fieldErrors } from '../../_components/zod-errors';
import { localDb } from '../../_local/db';
import { mutate, writeErrorMessage } from '../../_local/mutate';

/** The form's state: every input as the text the user typed (numbers are parsed on save). */
interface CustomerDraft {
  name: string;
  company: string;
  status: Customer['status'];
  currency: string;
  taxRate: string;
  dueDays: string;
  schedule: Customer['schedule'];
  address: string;
  contacts: Contact[];
  externalId: string;
  notes: string;
  vatId: string;
  taxNote: string;
}

function draftOf(customer: Customer | undefined, defaultCurrency: string): CustomerDraft {
  return {
    name: customer?.name ?? '',
    company: customer?.company ?? '',
    status: customer?.status ?? 'active',
    currency: customer?.currency ?? defaultCurrency,
    taxRate: customer?.taxRate ?? '0',
    dueDays: String(customer?.dueDays ?? 30),
    schedule: customer?.schedule ?? 'monthly',
    address: customer?.address ?? '',
    contacts: customer?.contacts.map((c) => ({ ...c })) ?? [],
    externalId: customer?.externalId ?? '',
    notes: customer?.notes ?? '',
    // Absent on customers written before they were kept.
    vatId: customer?.vatId ?? '',
    taxNote: customer?.taxNote ?? '',
  };
}

export function currencyOptions(extra?: string) {
  const names = typeof Intl.DisplayNames === 'function' ? new Intl.DisplayNames(undefined, { type: 'currency' }) : undefined;
  const codes = [...CURRENCY_CODES];
  if (extra && !CURRENCY_CODES.has(extra)) codes.push(extra);
  return codes.sort().map((code) => ({ value: code, label: `${code} — ${names?.of(code) ?? code}` }));
}

const SCHEDULES = [
  { value: 'none', label: 'None' },
  { value: 'daily', label: 'Daily' },
  { value: 'weekly', label: 'Weekly' },
  { value: 'monthly', label: 'Monthly' },
];

/** How the change notice names each field. */
const LABELS: Record<keyof CustomerDraft, string> = {
  name: 'Name',
  company: 'Company',
  status: 'Status',
  currency: 'Currency',
  taxRate: 'Tax %',
  dueDays: 'Invoice due days',
  schedule: 'Invoice schedule',
  address: 'Address',
  contacts: 'Contacts',
  externalId: 'External accounting id',
  notes: 'Notes',
  vatId: 'VAT id',
  taxNote: 'Tax note',
};

/**
 * `customer` is the live row (undefined for a new customer, or once it is deleted on another
 * device): fields the user has not edited follow it, edited ones keep the user's value.
 */
/** `currencyFixed`: why the currency can no longer change (invoices, usage or payments in it), if it cannot. */
export function CustomerForm({ customer, currencyFixed, defaultCurrency }: { customer: Customer | undefined; currencyFixed: string | undefined; defaultCurrency: string }) {
  const router = useRouter();
  const form = useLiveDraft(customer, (row) => draftOf(row, defaultCurrency));
  const { draft, set } = form;
  // CDRs find their customer by external id: a second customer with the same one makes them ambiguous.
  const externalKey = customerMatchKey(draft.externalId);
  const externalIdClash = useLiveQuery(
    async () =>
      externalKey === ''
        ? null
        : ((await localDb()
            .customers.filter((c) => c.id !== customer?.id && customerMatchKey(c.externalId) === externalKey)
            .first()) ?? null),
    [externalKey, customer?.id],
  );
  // CDRs find their customer by name too: a second customer of the same name makes them ambiguous.
  const nameKey = customerMatchKey(draft.name);
  const nameClash = useLiveQuery(
    async () =>
      nameKey === ''
        ? null
        : ((await localDb()
            .customers.filter((c) => c.id !== customer?.id && customerMatchKey(c.name) === nameKey)
            .first()) ?? null),
    [nameKey, customer?.id],
  );
  const editing = form.row;
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [saving, setSaving] = useState(false);
  const currencies = useMemo(() => currencyOptions(draft.currency), [draft.currency]);
  const contactList = useRef<HTMLOListElement>(null);
  const addContactButton = useRef<HTMLButtonElement>(null);

  function addContact() {
    set('contacts', [...draft.contacts, { name: '', email: '', phone: '' }]);
    // The new contact's fields come before the button: the focus goes to its name, once drawn.
    requestAnimationFrame(() => contactList.current?.lastElementChild?.querySelector<HTMLInputElement>('input')?.focus());
  }
  function removeContact(index: number) {
    set('contacts', draft.contacts.filter((_, i) => i !== index));
    // The focus stays among the contacts (the removed one's button is gone): on the next contact's
    // name, now at this place, else the one before, else Add contact.
    const next = index < draft.contacts.length - 1 ? index : index - 1;
    requestAnimationFrame(() => {
      const row = next >= 0 ? contactList.current?.children[next] : undefined;
      (row?.querySelector<HTMLInputElement>('input') ?? addContactButton.current)?.focus();
    });
  }
  const setContact = (index: number, field: keyof Contact, value: string) =>
    set('contacts', draft.contacts.map((c, i) => (i === index ? { ...c, [field]: value } : c)));

  async function save(event: FormEvent) {
    event.preventDefault();
    const formElement = event.currentTarget as HTMLFormElement;
    setMessage(null);
    const candidate = {
      ...draft,
      id: editing?.id ?? uuidv7(),
      // Whole days only: "30", not "30.5" or "3e1"; anything else goes to the schema as text and fails there.
      dueDays: /^\d{1,6}$/.test(draft.dueDays.trim()) ? Number(draft.dueDays.trim()) : draft.dueDays,
      taxRate: draft.taxRate.trim(),
      // Printed as typed, less the spaces around it (a pasted id often brings some).
      vatId: draft.vatId.trim(),
      taxNote: draft.taxNote.trim(),
      // A contact row left entirely blank is not a contact.
      contacts: draft.contacts.filter((c) => c.name.trim() || c.email.trim() || c.phone.trim()),
    };
    const parsed = customerSchema.safeParse(candidate);
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error));
      setMessage({ kind: 'error', text: 'Nothing was saved: correct the fields marked below.' });
      focusFirstInvalid(formElement);
      return;
    }
    setErrors({});
    setSaving(true);
    try {
      if (editing) {
        // Only what differs from the live row travels (the user's edits, as fields the user did not
        // edit show the live value): per-field last-writer-wins keeps another device's other edits.
        // `seen`, the row's values of them now: the server does not apply a money field (tax %, say)
        // another device changed before this save reached it, and says so (lib/field-patch).
        // The customer import sends its rows' changes the same way.
        const { patch, seen } = fieldChanges(editing, parsed.data);
        if (Object.keys(patch).length > 0) await mutate('updateCustomer', { id: editing.id, patch, seen });
      } else {
        await mutate('createCustomer', parsed.data);
      }
      const customerPage = `/customer?id=${parsed.data.id}`;
      focusHeadingOnArrival(customerPage);
      leaveForm(router, customerPage);
    } catch (error) {
      setMessage({ kind: 'error', text: writeErrorMessage(error) });
      setSaving(false);
    }
  }

  const dueDaysError = errors.dueDays && !/^\d+$/.test(draft.dueDays.trim()) ? 'must be a whole number of days from 0 to 365' : errors.dueDays;
  return (
    <form onSubmit={save} noValidate className="stack">
      <DocumentTitle title={editing ? `Edit ${editing.name}` : 'New customer'} />
      <div className="page-head">
        <h1>{editing ? `Edit ${editing.name}` : 'New customer'}</h1>
      </div>
      <RemoteChangeNotice form={form} noun="customer" labels={LABELS} />
      <FormMessage message={message} />
      <section className="card record-grid" aria-labelledby="customer-details-heading">
        <h2 id="customer-details-heading" className="span-all">
          Details
        </h2>
        <TextField
          label="Name"
          value={draft.name}
          onChange={(v) => set('name', v)}
          error={errors.name}
          required
          hint={
            nameClash
              ? `${nameClash.name} is another customer's name too: CDRs that name it match both customers, and are not imported until mapped to one. An external id the CDRs use tells them apart.`
              : undefined
          }
        />
        <TextField label="Company" value={draft.company} onChange={(v) => set('company', v)} error={errors.company} />
        <SelectField
          label="Status"
          value={draft.status}
          onChange={(v) => set('status', v as Customer['status'])}
          options={[
            { value: 'active', label: 'Active' },
            { value: 'inactive', label: 'Inactive' },
          ]}
        />
        <SelectField
          label="Currency"
          value={draft.currency}
          onChange={(v) => set('currency', v)}
          options={currencies}
          error={errors.currency}
          disabled={currencyFixed !== undefined}
          hint={currencyFixed}
        />
        <TextField label="Tax %" value={draft.taxRate} onChange={(v) => set('taxRate', v)} error={errors.taxRate} inputMode="decimal" hint="Default tax rate of the customer's invoice lines, e.g. 20 or 7.5." />
        <TextField label="Invoice due days" value={draft.dueDays} onChange={(v) => set('dueDays', v)} error={dueDaysError} inputMode="numeric" />
        <SelectField label="Invoice schedule" value={draft.schedule} onChange={(v) => set('schedule', v as Customer['schedule'])} options={SCHEDULES} />
        <TextField
          label="External accounting id"
          value={draft.externalId}
          onChange={(v) => set('externalId', v)}
          error={errors.externalId}
          hint={externalIdClash ? `${externalIdClash.name} has the same external id: CDRs that name it will be refused as ambiguous.` : undefined}
        />
        <TextField
          label="VAT id"
          value={draft.vatId}
          onChange={(v) => set('vatId', v)}
          error={errors.vatId}
          hint="The customer's VAT identification number, e.g. NL123456789B01: printed under the Bill to address of its invoices."
        />
        <TextAreaField label="Address" value={draft.address} onChange={(v) => set('address', v)} error={errors.address} className="span-all" />
        <TextAreaField
          label="Tax note"
          value={draft.taxNote}
          onChange={(v) => set('taxNote', v)}
          error={errors.taxNote}
          rows={2}
          className="span-all"
          hint={
            suggestsReverseChargeNote(draft.taxRate, draft.taxNote) ? (
              <>
                Printed near the totals of the customer&apos;s invoices. Tax is 0%: a business in another EU country accounts for the VAT itself, and the invoice must say so.{' '}
                <button type="button" className="button small" onClick={() => set('taxNote', REVERSE_CHARGE_NOTE)}>
                  Use the reverse-charge note
                </button>
              </>
            ) : (
              "Printed near the totals of the customer's invoices."
            )
          }
        />
        <TextAreaField label="Notes" value={draft.notes} onChange={(v) => set('notes', v)} error={errors.notes} className="span-all" />
      </section>

      <section className="card" aria-labelledby="contacts-heading">
        <h2 id="contacts-heading">Contacts</h2>
        {draft.contacts.length === 0 && <p className="muted">No contacts.</p>}
        <ol className="contact-list" ref={contactList}>
          {draft.contacts.map((contact, i) => (
            <li key={i} className="contact-row">
              <fieldset>
                <legend>Contact {i + 1}</legend>
                <TextField label={`Contact ${i + 1} name`} value={contact.name} onChange={(v) => setContact(i, 'name', v)} error={errors[`contacts.${i}.name`]} />
                <TextField label={`Contact ${i + 1} email`} type="email" value={contact.email} onChange={(v) => setContact(i, 'email', v)} error={errors[`contacts.${i}.email`]} />
                <TextField label={`Contact ${i + 1} phone`} type="tel" value={contact.phone} onChange={(v) => setContact(i, 'phone', v)} error={errors[`contacts.${i}.phone`]} />
                <button type="button" className="button danger" onClick={() => removeContact(i)}>
                  Remove contact {i + 1}
                </button>
              </fieldset>
            </li>
          ))}
        </ol>
        {errors.contacts && <p className="field-error">Contacts {errors.contacts}</p>}
        <button type="button" className="button" onClick={addContact} ref={addContactButton}>
          Add contact
        </button>
      </section>

      <FormActions submitLabel={editing ? 'Save customer' : 'Create customer'} disabled={saving || form.deleted} />
    </form>
  );
}
