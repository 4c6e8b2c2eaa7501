'use client';

import { useLiveQuery } from 'dexie-react-hooks';
import Link from 'next/link';
import { useRef, useState, type FormEvent } from 'react';
import { flushSync } from 'react-dom';
import { v7 as uuidv7 } from 'uuid';
import { customerPackageSchema, type Customer, type CustomerPackage, type Package } from '@/lib/entities';
import { FormMessage, SelectField, TextField } from '../../_components/form-fields';
import { useSubmitOnce } from '../../_components/submit-once';
import { formatDay } from '../../_components/locale';
import { fieldErrors } from '../../_components/zod-errors';
import { accountToday } from '../../_local/account-today';
import { localDb } from '../../_local/db';
import { mutate, writeErrorMessage } from '../../_local/mutate';
import { CardCell, CardRow, PhoneCardsTable, type CardColumn } from '../../_components/phone-cards';
import { ScrollRegion } from '../../_components/scroll-region';
import { listInWords } from '@/lib/text';

type Message = { kind: 'ok' | 'error'; text: string } | null;

function statusOf(a: CustomerPackage, today: string): 'active' | 'ended' | 'scheduled' {
  if (a.startDate > today) return 'scheduled';
  if (a.endDate !== null && a.endDate < today) return 'ended';
  return 'active';
}

/** The columns of the assignments table; the package's name heads each row. */
const ASSIGNMENT_COLUMN = {
  name: { header: 'Package', rowHeader: true },
  quantity: { header: 'Quantity', label: true },
  start: { header: 'Start', label: true },
  end: { header: 'End', label: true },
  status: { header: 'Status' },
  actions: { header: 'Actions', hiddenHeader: true },
} satisfies Record<string, CardColumn>;
const ASSIGNMENT_COLUMNS = Object.values(ASSIGNMENT_COLUMN);

export function CustomerPackages({ customer }: { customer: Customer }) {
  const data = useLiveQuery(async () => {
    const db = localDb();
    // Statuses and the dates the forms start at are days in the account's timezone.
    const [assignments, packages, today] = await Promise.all([
      db.customerPackages.where('customerId').equals(customer.id).toArray(),
      db.packages.toArray(),
      accountToday(db),
    ]);
    return { assignments, packages: new Map(packages.map((p) => [p.id, p])), today };
  }, [customer.id]);
  const [message, setMessage] = useState<Message>(null);
  const assignments = [...(data?.assignments ?? [])].sort((a, b) => (a.startDate === b.startDate ? a.id.localeCompare(b.id) : a.startDate < b.startDate ? 1 : -1));
  const available = [...(data?.packages.values() ?? [])].filter((p) => !p.retired).sort((a, b) => a.name.localeCompare(b.name));
  // A package is billed only in its own currency (assignPackage refuses the others).
  const assignable = available.filter((p) => p.currency === customer.currency);
  const inOtherCurrencies = available.filter((p) => p.currency !== customer.currency);

  return (
    <section className="card" aria-labelledby="packages-heading">
      <h2 id="packages-heading">Packages</h2>
      <FormMessage message={message} />
      {data && assignments.length === 0 && <p className="muted">No packages assigned.</p>}
      {data && assignments.length > 0 && (
        <ScrollRegion label="Package assignments">
          {/* On a phone each assignment is a card (globals.css phone-cards): the name and status, then
              quantity, start and end labelled, then End and Remove, all on screen. */}
          <PhoneCardsTable columns={ASSIGNMENT_COLUMNS} className="table assignment-cards" caption={`Packages assigned to ${customer.name}`}>
            {assignments.map((a) => (
              <AssignmentRow
                key={a.id}
                assignment={a}
                pkg={data.packages.get(a.packageId)}
                customer={customer}
                status={statusOf(a, data.today)}
                today={data.today}
                onMessage={setMessage}
              />
            ))}
          </PhoneCardsTable>
        </ScrollRegion>
      )}
      {data && <AssignForm customer={customer} packages={assignable} inOtherCurrencies={inOtherCurrencies} today={data.today} onMessage={setMessage} />}
    </section>
  );
}

function AssignmentRow({
  assignment,
  pkg,
  customer,
  status,
  today,
  onMessage,
}: {
  assignment: CustomerPackage;
  pkg: Package | undefined;
  customer: Customer;
  status: string;
  today: string;
  onMessage: (m: Message) => void;
}) {
  const [ending, setEnding] = useState(false);
  const [endDate, setEndDate] = useState(() => (today < assignment.startDate ? assignment.startDate : today));
  const [error, setError] = useState<string | undefined>();
  const endButton = useRef<HTMLButtonElement>(null);
  const name = pkg?.name ?? 'Unknown package';

  function cancelEnding() {
    // The End button is drawn again at once, and takes back the focus the removed Cancel had.
    flushSync(() => setEnding(false));
    endButton.current?.focus();
  }

  async function end(event: FormEvent) {
    event.preventDefault();
    const parsed = customerPackageSchema.safeParse({ ...assignment, endDate });
    if (!parsed.success) {
      setError(fieldErrors(parsed.error).endDate ?? parsed.error.issues[0]?.message);
      return;
    }
    // End only brings the last day earlier: a later one would bill an assignment again (extend it
    // by assigning the package anew).
    if (assignment.endDate !== null && endDate > assignment.endDate) {
      setError(`It already ends on ${formatDay(assignment.endDate)}; End can only bring that earlier`);
      return;
    }
    if (endDate < assignment.startDate) {
      setError('must not be before the start date');
      return;
    }
    try {
      await mutate('updateAssignment', { id: assignment.id, patch: { endDate } });
      setEnding(false);
      setError(undefined);
      onMessage({ kind: 'ok', text: `${name} ends on ${formatDay(endDate)}.` });
    } catch (e) {
      onMessage({ kind: 'error', text: writeErrorMessage(e) });
    }
  }

  async function remove() {
    const question = `Remove ${name} from this customer? Invoices generated from now on leave it out, for past periods too. To stop billing it from a day on, End it instead.`;
    if (!window.confirm(question)) return;
    try {
      await mutate('deleteAssignment', { id: assignment.id });
      onMessage({ kind: 'ok', text: `${name} was removed.` });
    } catch (e) {
      onMessage({ kind: 'error', text: writeErrorMessage(e) });
    }
  }

  return (
    <CardRow>
      <CardCell column={ASSIGNMENT_COLUMN.name} dir="auto" className="assignment-name">
        {name}
        {/* Assigned before packages had a currency: Generate Invoice refuses to bill it. */}
        {pkg && pkg.currency !== customer.currency && (
          <p className="small warning" data-testid="assignment-currency">
            Priced in {pkg.currency}, not {customer.currency}: invoices cannot bill it. Remove it and assign a package priced in {customer.currency}.
          </p>
        )}
      </CardCell>
      <CardCell column={ASSIGNMENT_COLUMN.quantity}>{assignment.quantity}</CardCell>
      <CardCell column={ASSIGNMENT_COLUMN.start}>{formatDay(assignment.startDate)}</CardCell>
      <CardCell column={ASSIGNMENT_COLUMN.end}>{assignment.endDate ? formatDay(assignment.endDate) : '—'}</CardCell>
      <CardCell column={ASSIGNMENT_COLUMN.status} className="assignment-status">
        <span className={`pill pill-${status}`}>{status === 'active' ? 'Active' : status === 'ended' ? 'Ended' : 'Scheduled'}</span>
      </CardCell>
      <CardCell column={ASSIGNMENT_COLUMN.actions} className="assignment-actions">
        {ending ? (
          <form onSubmit={end} className="inline-form" aria-label={`End ${name}`}>
            <TextField label={`Last day of ${name}`} type="date" value={endDate} onChange={setEndDate} error={error} autoFocus />
            <button type="submit" className="button primary">
              Confirm end
            </button>
            <button type="button" className="button" onClick={cancelEnding}>
              Cancel
            </button>
          </form>
        ) : (
          <div className="actions">
            {/* An ended assignment has nothing left to end (ending it "today" would bill it again). */}
            {status !== 'ended' && (
              <button type="button" className="button" onClick={() => setEnding(true)} ref={endButton}>
                End {name}
              </button>
            )}
            <button type="button" className="button danger" onClick={remove}>
              Remove {name}
            </button>
          </div>
        )}
      </CardCell>
    </CardRow>
  );
}


/**
 * Why packages are missing from the Package select: those priced in another currency than the
 * customer is billed in (`others`), by currency.
 */
function OtherCurrencies({ customer, others }: { customer: Customer; others: readonly Package[] }) {
  if (others.length === 0) return null;
  const currencies = [...new Set(others.map((p) => p.currency))].sort();
  const names = others.length <= 5 ? ` (${listInWords(others.map((p) => `${p.name} in ${p.currency}`))})` : '';
  return (
    <p className="muted small" data-testid="other-currency-packages">
      {others.length === 1 ? '1 package is' : `${others.length} packages are`} priced in {listInWords(currencies)}
      {names}, not in {customer.currency}, which {customer.name} is billed in: a package is assigned only to customers billed in its currency.
    </p>
  );
}

function AssignForm({
  customer,
  packages,
  inOtherCurrencies,
  today,
  onMessage,
}: {
  customer: Customer;
  packages: Package[];
  inOtherCurrencies: Package[];
  today: string;
  onMessage: (m: Message) => void;
}) {
  const [packageId, setPackageId] = useState('');
  const [quantity, setQuantity] = useState('1');
  const [startDate, setStartDate] = useState(today);
  const [endDate, setEndDate] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});

  const once = useSubmitOnce();

  async function assign(event: FormEvent) {
    event.preventDefault();
    await once.run(assignOnce);
  }

  /** True when the package was assigned. */
  async function assignOnce(): Promise<boolean> {
    onMessage(null);
    const candidate = {
      id: uuidv7(),
      customerId: customer.id,
      packageId,
      quantity: /^\d{1,7}$/.test(quantity.trim()) ? Number(quantity.trim()) : quantity,
      startDate,
      endDate: endDate === '' ? null : endDate,
    };
    const parsed = customerPackageSchema.safeParse(candidate);
    const next = parsed.success ? {} : fieldErrors(parsed.error);
    if (!packageId) next.packageId = 'is required: choose a package';
    if (typeof candidate.quantity !== 'number' || (parsed.success === false && next.quantity)) next.quantity = 'must be a whole number from 1';
    if (parsed.success && parsed.data.endDate !== null && parsed.data.endDate < parsed.data.startDate) next.endDate = 'must not be before the start date';
    setErrors(next);
    if (!parsed.success || Object.keys(next).length > 0) return false;
    try {
      await mutate('assignPackage', parsed.data);
      const name = packages.find((p) => p.id === packageId)?.name ?? 'Package';
      onMessage({ kind: 'ok', text: `${name} assigned.` });
      setPackageId('');
      setQuantity('1');
      setEndDate('');
      return true;
    } catch (e) {
      onMessage({ kind: 'error', text: writeErrorMessage(e) });
      return false;
    }
  }

  if (packages.length === 0) {
    return (
      <>
        <p className="muted">
          {inOtherCurrencies.length === 0 ? 'There are no packages to assign yet.' : `There are no packages priced in ${customer.currency} to assign.`}{' '}
          <Link href={`/package/edit?currency=${customer.currency}`}>Create a package</Link>.
        </p>
        <OtherCurrencies customer={customer} others={inOtherCurrencies} />
      </>
    );
  }
  return (
    // Another assignment starts with a change to the form (a press queued behind the last one is ignored).
    <form onSubmit={assign} onChange={once.release} noValidate className="assign-form" aria-labelledby="assign-heading">
      <h3 id="assign-heading">Assign a package</h3>
      <div className="record-grid">
        <SelectField
          label="Package"
          value={packageId}
          onChange={setPackageId}
          error={errors.packageId}
          options={[{ value: '', label: 'Choose a package…' }, ...packages.map((p) => ({ value: p.id, label: p.name }))]}
          hint={`Packages priced in ${customer.currency}.`}
        />
        <TextField label="Quantity" value={quantity} onChange={setQuantity} inputMode="numeric" error={errors.quantity} />
        <TextField label="Start date" type="date" value={startDate} onChange={setStartDate} error={errors.startDate} />
        <TextField label="End date" type="date" value={endDate} onChange={setEndDate} error={errors.endDate} hint="Leave empty while it runs." />
      </div>
      <OtherCurrencies customer={customer} others={inOtherCurrencies} />
      <button type="submit" className="button primary">
        Assign package
      </button>
    </form>
  );
}
