'use client';

/**
 * Import CDRs: pick a file → choose the columns (a preset, detected from the first line) → the
 * worker reads it with a progress bar and a Cancel button → map unknown customers or skip them,
 * see good, bad and duplicate counts and the bad lines → Import writes everything in one local
 * transaction (commit-import.ts). Works offline; the usage syncs like any other change.
 * Below, the company's past imports (from every device), each with Undo import (ledger.ts).
 */
import Link from 'next/link';
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useMemo, useRef, useState, type ChangeEvent, type ReactNode } from 'react';
import {
  CDR_FIELD_LABELS,
  CDR_FIELDS,
  CDR_PRESETS,
  CSV_DELIMITER_LABELS,
  CSV_DELIMITER_NAMES,
  CSV_DELIMITERS,
  csvDelimiterNamed,
  decimalCommaAllowed,
  detectDelimiter,
  detectPreset,
  isTimeZone,
  mappingFromPreset,
  missingFields,
  parseCsvRows,
  REQUIRED_CDR_FIELDS,
  type CdrField,
  type CdrMapping,
  type CdrPresetId,
  type CsvDelimiter,
} from '@/lib/cdr';
import { EACH_CUSTOMERS_CURRENCY, externalIdOffer, fileCurrencyCheck, type ExternalIdOffer } from '@/lib/cdr-review';
import { customerMatchKey } from '@/lib/cdr';
import { homeCountryLabel } from '@/lib/destinations';
import { possessive } from '@/lib/possessive';
import { ACCOUNT_ID, storableText, type CdrImport } from '@/lib/entities';
import { dayAsShown } from '@/lib/dates';
import { importedDays, importUndoBlockers, issuedInvoicesOverDays } from '@/lib/issued-periods';
import { billedMinutes } from '@/lib/grouping';
import { cdrImportClock, cdrImportLabel } from '@/lib/mutators';
import { FileChoice } from '../../_components/file-choice';
import { CustomerPicker } from '../../_components/customer-picker';
import { ScrollRegion } from '../../_components/scroll-region';
import { CardCell, CardRow, PhoneCardsTable, type CardColumn } from '../../_components/phone-cards';
import { formatAmount, formatQuantity, periodParts } from '../../_components/locale';
import { useLeaveWarning } from '../../_components/live-draft';
import { localDb } from '../../_local/db';
import { newId } from '../../_local/ids';
import { mutate, writeErrorMessage } from '../../_local/mutate';
import { currentIdentity } from '../../_local/session';
import type { CollectResult } from '../cdr-collector';
import { CancelledError, collectInWorker } from '../collect-in-worker';
import { commitImport, StaleImportError } from '../commit-import';
import { planImport, type CustomerChoice, type ImportPlan } from '../import-plan';
import { forgetUndoneImports, undoImport } from '../ledger';

/** Asked before leaving the page with a checked file not imported. */
const LEAVE_QUESTION = 'The CDR file checked here is not imported yet. Leave the page and lose the check and your choices?';

/** Bytes read for the column step: enough for a header and a few lines. */
const SNIFF_BYTES = 64 * 1024;

type Stage =
  | { kind: 'choose' }
  | { kind: 'unreadable'; reason: string }
  /** `head`: the file's first whole lines, read again when the delimiter is changed; `detected`: the delimiter its first line has. */
  | { kind: 'mapping'; file: File; head: string; detected: CsvDelimiter; sample: string[][]; preset: CdrPresetId | 'custom'; mapping: CdrMapping }
  | { kind: 'reading'; file: File; bytes: number; lines: number; cancel: () => void }
  | { kind: 'review'; file: File; result: CollectResult }
  | { kind: 'importing' }
  /**
   * `customers`: those whose usage the import added to, by name; `issued`: the issued invoices whose
   * period holds days the import added usage to (late calls, billed from each invoice's page).
   */
  | {
      kind: 'done';
      cdrs: number;
      usageRows: number;
      customers: { id: string; name: string }[];
      issued: IssuedOverImport[];
      /** Account codes saved as customers' External accounting ids, and those that could not be (with why). */
      remembered: RememberedCode[];
    };

/** A text of the file mapped to a customer and saved as its External accounting id (or not, `problem` says why). */
interface RememberedCode {
  code: string;
  customerId: string;
  customer: string;
  problem?: string;
}

/** An issued invoice whose period the import added usage to. */
interface IssuedOverImport {
  id: string;
  number: string;
  customer: string;
  period: string;
  days: number;
}

/** The issued invoices whose period holds days the import added usage to (lib/issued-periods). */
async function issuedOverImport(plan: ImportPlan, customers: readonly { id: string; name: string }[]): Promise<IssuedOverImport[]> {
  const daysByCustomer = new Map<string, string[]>();
  for (const { customerId, group } of plan.groups) {
    if (group.rows === 0) continue;
    const days = daysByCustomer.get(customerId) ?? [];
    daysByCustomer.set(customerId, days);
    for (const cell of group.cells) days.push(cell.day);
  }
  if (daysByCustomer.size === 0) return [];
  const invoices = await localDb().invoices.where('customerId').anyOf([...daysByCustomer.keys()]).toArray();
  const names = new Map(customers.map((c) => [c.id, c.name]));
  return issuedInvoicesOverDays(invoices, daysByCustomer).map(({ invoice, days }) => ({
    id: invoice.id,
    number: invoice.number ?? 'pending',
    customer: names.get(invoice.customerId) ?? '',
    period: periodParts(invoice.periodStart, invoice.periodEnd).join(' '),
    days: days.length,
  }));
}

/** The first lines of a file as rows of cells, split by `delimiter`. */
const sampleRows = (head: string, delimiter: CsvDelimiter) =>
  parseCsvRows(head, delimiter)
    .rows.slice(0, 4)
    .map((r) => r.cells);

const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/**
 * A step's heading, which takes the keyboard focus when the step appears: keyboard and screen
 * reader users start the new step there rather than on the control that ended the last one (or,
 * when that control is gone, on the page's body).
 */
function StepHeading({ id, children }: { id?: string; children: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <h2 id={id} ref={ref} tabIndex={-1}>
      {children}
    </h2>
  );
}

export default function ImportUsagePage() {
  const [stage, setStage] = useState<Stage>({ kind: 'choose' });
  const fileHeading = useRef<HTMLHeadingElement>(null);
  const account = useLiveQuery(() => localDb().account.get(ACCOUNT_ID), []);
  const accountTimeZone = account?.timezone ?? 'UTC';
  // How the switch writes national numbers: My Account's, for every file (not a choice per file,
  // as the same switch writes every file the same way).
  const homeCountry = account?.homeCountry ?? '';
  // Usage days are days in the account's timezone: counted in another zone (this browser's fallback
  // elsewhere is UTC), calls near midnight would be filed under the wrong day for good.
  const zoneUnknown = !isTimeZone(accountTimeZone);
  // A file checked (its customers mapped, its currency said) and not imported yet lives on this
  // page only: leaving it asks first, as a form with unsaved edits does.
  useLeaveWarning(stage.kind === 'review', LEAVE_QUESTION);

  async function choose(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    let head: string;
    try {
      const bytes = new Uint8Array(await file.slice(0, SNIFF_BYTES).arrayBuffer());
      // stream: a multi-byte character cut at the sniff boundary is not an error.
      head = new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
    } catch {
      setStage({ kind: 'unreadable', reason: 'The file is not UTF-8 text (is it a spreadsheet or a compressed file?). Export it as CSV and try again.' });
      return;
    }
    // Only whole lines of the sample: the last one may be cut.
    const lastLineEnd = head.lastIndexOf('\n');
    if (lastLineEnd > 0 && file.size > SNIFF_BYTES) head = head.slice(0, lastLineEnd + 1);
    // Commas, or semicolons or tabs (European exports and spreadsheets): as the first line reads.
    const delimiter = detectDelimiter(head);
    const sample = sampleRows(head, delimiter);
    if (sample.length === 0) {
      setStage({ kind: 'unreadable', reason: 'The file is empty.' });
      return;
    }
    const preset = detectPreset(sample[0]!) ?? 'softswitch';
    // Times without an offset are most often the switch's local time, which is most often the
    // company's own: the account's zone, changed here for a switch elsewhere.
    setStage({ kind: 'mapping', file, head, detected: delimiter, sample, preset, mapping: mappingFromPreset(preset, sample[0]!, zoneUnknown ? 'UTC' : accountTimeZone, delimiter) });
  }

  /** Back to step 1, with the focus on its heading (the Cancel button pressed is gone). */
  function startOver() {
    setStage({ kind: 'choose' });
    fileHeading.current?.focus();
  }

  async function read(file: File, mapping: CdrMapping) {
    // Imports undone since (on another device, say) no longer count as imported on this one.
    try {
      await forgetUndoneImports(localDb());
    } catch (error) {
      setStage({ kind: 'unreadable', reason: writeErrorMessage(error) });
      return;
    }
    const run = collectInWorker(file, { ...mapping, homeCountry }, accountTimeZone, localDb(), ({ bytes, lines }) =>
      setStage((s) => (s.kind === 'reading' ? { ...s, bytes, lines } : s)),
    );
    setStage({ kind: 'reading', file, bytes: 0, lines: 0, cancel: run.cancel });
    run.result.then(
      (result) => setStage({ kind: 'review', file, result }),
      (error: unknown) => {
        if (error instanceof CancelledError) startOver();
        else setStage({ kind: 'unreadable', reason: error instanceof Error ? error.message : String(error) });
      },
    );
  }

  return (
    <div className="stack">
      <div className="page-head">
        <div>
          {/* The Usage section opens on this page, so its crumb names the section without a link back to itself. */}
          <p className="breadcrumb">Usage</p>
          <h1>Import CDRs</h1>
        </div>
      </div>

      <section className="card" aria-labelledby="file-heading">
        <h2 id="file-heading" ref={fileHeading} tabIndex={-1}>
          1. Choose a CDR file
        </h2>
        <p className="muted">
          A CSV of call detail records: the softswitch CDR export, Asterisk <code>Master.csv</code> or FreeSWITCH CSV CDRs. Calls are rolled up per customer, day (in the account
          timezone, {accountTimeZone}) and destination. CDRs already imported on this device are recognised by call id (or, without one, by their content) and not counted again.
          CDRs the server already has (imported on another device, or sent through the API) are counted once when the import syncs: the usage on this device is corrected
          then, and a draft generated from it in between says so.
        </p>
        <p className="muted">
          Softswitches can also push CDRs to the server as they happen: <Link href="/usage/api-keys">CDR API keys</Link>.
        </p>
        {zoneUnknown && (
          <p className="error" role="alert">
            This browser does not know the account timezone {accountTimeZone}, so it cannot tell which day each call belongs to. Import the file on a device with an up-to-date
            browser, or send it through the CDR API.
          </p>
        )}
        <FileChoice
          id="cdr-file"
          label="CDR file"
          buttonText="Choose a CDR file…"
          chosen={'file' in stage ? stage.file.name : undefined}
          accept=".csv,.txt,text/csv,text/plain"
          onChange={choose}
          disabled={zoneUnknown || stage.kind === 'reading' || stage.kind === 'importing'}
        />
      </section>

      {stage.kind === 'unreadable' && (
        <div className="card" role="alert">
          <StepHeading>The file cannot be imported</StepHeading>
          <p className="error">{stage.reason}</p>
          <p>Nothing was imported.</p>
        </div>
      )}

      {stage.kind === 'mapping' && (
        <MappingStep stage={stage} accountTimeZone={accountTimeZone} homeCountry={homeCountry} onChange={setStage} onRead={() => void read(stage.file, stage.mapping)} onCancel={startOver} />
      )}

      {stage.kind === 'reading' && (
        <section className="card" aria-labelledby="reading-heading">
          <StepHeading id="reading-heading">Reading {stage.file.name}</StepHeading>
          <progress max={stage.file.size || 1} value={stage.bytes} aria-label="Reading the CDR file" />{' '}
          <span role="status">
            {Math.round((100 * stage.bytes) / (stage.file.size || 1))}% · {plural(stage.lines, 'line', 'lines')}
          </span>
          <div className="actions">
            <button type="button" className="button" onClick={stage.cancel}>
              Cancel
            </button>
          </div>
          <p className="muted">Nothing is saved until you press Import.</p>
        </section>
      )}

      {stage.kind === 'review' && <ReviewStep stage={stage} accountCurrency={account?.currency ?? 'USD'} onDone={setStage} onCancel={startOver} />}

      {stage.kind === 'importing' && (
        <div className="card" role="status">
          Saving…
        </div>
      )}

      {stage.kind === 'done' && (
        <section className="card" aria-labelledby="done-heading">
          <StepHeading id="done-heading">Import finished</StepHeading>
          <p role="status" data-testid="import-done">
            {stage.cdrs === 0 ? 'Nothing new to import: every CDR in the file was already imported.' : `Imported ${plural(stage.cdrs, 'CDR', 'CDRs')} into ${plural(stage.usageRows, 'usage row', 'usage rows')}.`}
          </p>
          {stage.customers.length > 0 && (
            <>
              <p>Usage added for:</p>
              <ul>
                {stage.customers.map((c) => (
                  <li key={c.id}>
                    <Link href={`/customer?id=${c.id}`}>{c.name}</Link>
                  </li>
                ))}
              </ul>
            </>
          )}
          {stage.issued.length > 0 && (
            <div className="card warning" data-testid="import-issued">
              <p>
                Some of these calls fall in the period of {stage.issued.length === 1 ? 'an issued invoice, which bills' : 'issued invoices, which bill'} usage as it was when{' '}
                {stage.issued.length === 1 ? 'it was' : 'they were'} issued. Open {stage.issued.length === 1 ? 'it' : 'each'} to invoice the late calls:
              </p>
              <ul>
                {stage.issued.map((invoice) => (
                  <li key={invoice.id}>
                    <Link href={`/invoice?id=${invoice.id}#late-calls`}>{invoice.number}</Link> ({invoice.customer}, {invoice.period}): calls on {plural(invoice.days, 'day', 'days')} of its period
                  </li>
                ))}
              </ul>
            </div>
          )}
          {stage.remembered.length > 0 && (
            <ul data-testid="import-remembered">
              {stage.remembered.map((r) =>
                r.problem === undefined ? (
                  <li key={r.code}>
                    {r.code} is now <Link href={`/customer?id=${r.customerId}`}>{possessive(r.customer)}</Link> External accounting id: the next files find the customer by itself.
                  </li>
                ) : (
                  <li key={r.code} className="error">
                    {r.code} could not be saved as <Link href={`/customer?id=${r.customerId}`}>{possessive(r.customer)}</Link> External accounting id: {r.problem} The import itself
                    is done.
                  </li>
                ),
              )}
            </ul>
          )}
          <p className="muted">A wrong import (the wrong timezone or customer, or the wrong file) can be undone under Past imports.</p>
          <div className="actions">
            <button type="button" className="button" onClick={startOver}>
              Import another file
            </button>
          </div>
        </section>
      )}

      <PastImports timeZone={zoneUnknown ? 'UTC' : accountTimeZone} />
    </div>
  );
}

function MappingStep({
  stage,
  accountTimeZone,
  homeCountry,
  onChange,
  onRead,
  onCancel,
}: {
  stage: Extract<Stage, { kind: 'mapping' }>;
  accountTimeZone: string;
  homeCountry: string;
  onChange: (stage: Stage) => void;
  onRead: () => void;
  onCancel: () => void;
}) {
  const { sample, mapping, preset, detected } = stage;
  const delimiter = mapping.delimiter ?? ',';
  const width = Math.max(...sample.map((r) => r.length));
  const header = mapping.hasHeader ? sample[0]! : undefined;
  const missing = missingFields(mapping);
  const zoneValid = isTimeZone(mapping.sourceTimeZone);
  const columnLabel = (i: number) => `Column ${i + 1}${header?.[i] ? `: ${header[i]}` : sample[0]?.[i] ? ` (e.g. ${sample[0][i]!.slice(0, 30)})` : ''}`;
  const setField = (field: CdrField, value: string) => {
    const columns = { ...mapping.columns };
    if (value === '') delete columns[field];
    else columns[field] = Number(value);
    onChange({ ...stage, preset: 'custom', mapping: { ...mapping, columns } });
  };
  /** The file's lines split anew: the columns, and so the preset and its mapping, follow from the delimiter. */
  const setDelimiter = (name: string) => {
    const next = csvDelimiterNamed(name) ?? ',';
    const rows = sampleRows(stage.head, next);
    if (rows.length === 0) return;
    const id = detectPreset(rows[0]!) ?? (preset === 'custom' ? 'softswitch' : preset);
    onChange({ ...stage, sample: rows, preset: id, mapping: mappingFromPreset(id, rows[0]!, mapping.sourceTimeZone, next) });
  };
  return (
    <section className="card" aria-labelledby="mapping-heading">
      <StepHeading id="mapping-heading">2. Columns</StepHeading>
      <div className="field">
        <label htmlFor="cdr-delimiter">Cells separated by</label>
        <select id="cdr-delimiter" value={CSV_DELIMITER_NAMES[delimiter]} onChange={(e) => setDelimiter(e.target.value)}>
          {CSV_DELIMITERS.map((d) => (
            <option key={CSV_DELIMITER_NAMES[d]} value={CSV_DELIMITER_NAMES[d]}>
              {CSV_DELIMITER_LABELS[d]}
            </option>
          ))}
        </select>
        <p className="field-hint" data-testid="cdr-delimiter-hint">
          {delimiter === detected ? 'As the first line of the file reads.' : `The first line of the file reads as separated by: ${CSV_DELIMITER_LABELS[detected].toLowerCase()}.`}{' '}
          {decimalCommaAllowed(delimiter)
            ? 'Charges and durations may write decimals with a comma (0,0123) or a point; a charge with a thousands separator (1.234,56) is listed as an error, not imported.'
            : 'Charges and durations write decimals with a point (0.0123).'}
        </p>
      </div>
      <div className="field">
        <label htmlFor="cdr-preset">Format</label>
        <select
          id="cdr-preset"
          value={preset}
          onChange={(e) => {
            const id = e.target.value as CdrPresetId | 'custom';
            if (id === 'custom') onChange({ ...stage, preset: id });
            else onChange({ ...stage, preset: id, mapping: mappingFromPreset(id, sample[0]!, mapping.sourceTimeZone, delimiter) });
          }}
        >
          {CDR_PRESETS.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
          <option value="custom">Custom columns</option>
        </select>
        <p className="field-hint">{CDR_PRESETS.find((p) => p.id === preset)?.description ?? 'Pick the column of each field below.'}</p>
      </div>
      <label>
        <input type="checkbox" checked={mapping.hasHeader} onChange={(e) => onChange({ ...stage, preset: 'custom', mapping: { ...mapping, hasHeader: e.target.checked } })} /> The first
        line names the columns
      </label>
      <div className="form-grid">
        {CDR_FIELDS.map((field) => (
          <div className="field" key={field}>
            <label htmlFor={`cdr-col-${field}`}>
              {CDR_FIELD_LABELS[field]}
              {REQUIRED_CDR_FIELDS.includes(field) ? ' (required)' : ''}
            </label>
            <select
              id={`cdr-col-${field}`}
              value={mapping.columns[field] ?? ''}
              onChange={(e) => setField(field, e.target.value)}
              aria-describedby={field === 'customer' ? 'cdr-customer-hint' : undefined}
            >
              <option value="">{REQUIRED_CDR_FIELDS.includes(field) ? 'Choose a column' : 'Not in the file'}</option>
              {Array.from({ length: width }, (_, i) => (
                <option key={i} value={i}>
                  {columnLabel(i)}
                </option>
              ))}
            </select>
            {field === 'customer' && (
              <p className="field-hint" id="cdr-customer-hint" data-testid="cdr-customer-hint">
                Matched against each customer&apos;s External accounting id (on its page), then its name: for Asterisk and FreeSWITCH, the accountcode the switch sets.
              </p>
            )}
          </div>
        ))}
        <div className="field">
          <label htmlFor="cdr-source-zone">Timezone of times without an offset</label>
          <input id="cdr-source-zone" value={mapping.sourceTimeZone} onChange={(e) => onChange({ ...stage, mapping: { ...mapping, sourceTimeZone: e.target.value } })} aria-invalid={!zoneValid} />
          <p className="field-hint">
            Starts as the account timezone ({accountTimeZone}, in My Account). Asterisk and FreeSWITCH write the switch&apos;s local time: for a switch in another zone, enter
            its zone, e.g. Asia/Bahrain. Times with Z or +hh:mm ignore this.
          </p>
        </div>
      </div>
      <p className="field-hint" data-testid="cdr-home-country">
        {homeCountryLabel(homeCountry) !== undefined ? (
          <>
            National numbers (written without +, 00 or 011) are read as {homeCountryLabel(homeCountry)} numbers: the home country in <Link href="/settings">My Account</Link>.
          </>
        ) : (
          <>
            No home country is set in <Link href="/settings">My Account</Link>: national numbers such as 2125551234 or 020 7946 0000 are kept under their first digits, without a
            country&apos;s name.
          </>
        )}
      </p>
      {mapping.columns.prefix === undefined && (
        // Without the prefix the switch rated by, a destination is the number's country code: a
        // carrier rating London and UK mobiles apart would otherwise find them on one line unwarned.
        <p className="field-hint" data-testid="cdr-prefix-hint">
          No {CDR_FIELD_LABELS.prefix} column is chosen: calls are grouped by country, so calls to London and to UK mobiles bill on one United Kingdom line. Choose the column
          your switch rates by to bill each prefix on a line of its own.
        </p>
      )}
      {mapping.columns.currency === undefined && (
        <p className="field-hint" data-testid="cdr-currency-hint">
          No {CDR_FIELD_LABELS.currency} column is chosen: the next step says which currency the charges are taken in, and asks for it when the customers are billed in
          more than one.
        </p>
      )}
      {missing.length > 0 && (
        <p className="error" role="alert">
          Choose a column for: {missing.map((f) => CDR_FIELD_LABELS[f]).join(', ')}.
        </p>
      )}
      {!zoneValid && (
        <p className="error" role="alert">
          {mapping.sourceTimeZone} is not a timezone like Europe/London.
        </p>
      )}
      <div className="actions">
        <button type="button" className="button primary" disabled={missing.length > 0 || !zoneValid} onClick={onRead}>
          Check the file
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </section>
  );
}

/** The columns of the customers not found. */
const UNKNOWN_COLUMN = {
  text: { header: 'In the file', rowHeader: true },
  rows: { header: 'CDRs', label: true, numeric: true },
  customer: { header: 'Customer' },
} satisfies Record<string, CardColumn>;
const UNKNOWN_COLUMNS = Object.values(UNKNOWN_COLUMN);

function ReviewStep({
  stage,
  accountCurrency,
  onDone,
  onCancel,
}: {
  stage: Extract<Stage, { kind: 'review' }>;
  accountCurrency: string;
  onDone: (stage: Stage) => void;
  onCancel: () => void;
}) {
  const { result, file } = stage;
  const customers = useLiveQuery(() => localDb().customers.toArray(), []);
  const [choices, setChoices] = useState<Record<string, CustomerChoice>>({});
  // The currency of the charges the file names none for: '' until the user says it (lib/cdr-review).
  const [fileCurrency, setFileCurrency] = useState('');
  // Texts whose "save as External accounting id" box was unticked (ticked unless unticked).
  const [forget, setForget] = useState<Record<string, true>>({});
  const [error, setError] = useState<string | undefined>();
  const busy = useRef(false);
  // Planned once to learn who is billed CDRs without a currency, then, once the currency they are
  // read in is known, again with it (the groups are few: a plan is cheap).
  const firstPlan = useMemo(() => (customers ? planImport(result, customers, choices) : undefined), [result, customers, choices]);
  const currencyCheck = firstPlan && fileCurrencyCheck(firstPlan.withoutCurrency, fileCurrency, accountCurrency, firstPlan.namedCurrencyRows);
  // CDRs naming no currency, and no currency said for them yet: nothing is imported until it is.
  const readAs = currencyCheck ? currencyCheck.readAs : EACH_CUSTOMERS_CURRENCY;
  const plan = useMemo(
    () => (customers && firstPlan && readAs !== undefined && readAs !== EACH_CUSTOMERS_CURRENCY ? planImport(result, customers, choices, readAs) : firstPlan),
    [result, customers, choices, firstPlan, readAs],
  );
  // Kept between renders: the customer pickers index them once.
  const sortedCustomers = useMemo(() => [...(customers ?? [])].sort((a, b) => a.name.localeCompare(b.name)), [customers]);
  if (!plan || !customers) return null;

  // What Import offers to remember of each customer picked: the file's text as its External
  // accounting id, when it has none (once per customer: a customer holds one).
  const byId = new Map(customers.map((c) => [c.id, c]));
  const saving = new Map<string, string>();
  const offers = new Map<string, ExternalIdOffer>();
  for (const u of plan.unknown) {
    const customer = u.customerId === undefined ? undefined : byId.get(u.customerId);
    if (!customer) continue;
    const key = customerMatchKey(u.text);
    const holders = customers.filter((c) => c.id !== customer.id && c.externalId.trim() !== '' && customerMatchKey(c.externalId) === key).map((c) => c.name);
    const offer = externalIdOffer(u.text, customer, holders, saving.get(customer.id));
    offers.set(u.text, offer);
    if (offer.kind === 'save' && !forget[u.text]) saving.set(customer.id, offer.externalId);
  }
  const toRemember = plan.unknown.flatMap((u) => {
    const offer = offers.get(u.text);
    return offer?.kind === 'save' && !forget[u.text] && u.customerId !== undefined ? [{ code: offer.externalId, customerId: u.customerId }] : [];
  });

  const badRows = [...result.badRows, ...plan.currencyBadRows].sort((a, b) => a.line - b.line);
  const badCount = result.badCount + plan.currencyBadCount;
  // A name or external id several customers share is found, not missing: said apart, so the user
  // maps it to the one it means rather than looks for a customer to create.
  const ambiguous = plan.unknown.filter((u) => u.ambiguous);
  const notFound = plan.unknown.filter((u) => !u.ambiguous);
  const unmatchedSections = [
    {
      id: 'ambiguous',
      heading: 'Matches several customers',
      explanation: 'Several customers have this name or External accounting id, so these CDRs match more than one: choose the customer they belong to, or skip them.',
      testId: 'ambiguous-customers',
      customers: ambiguous,
    },
    {
      id: 'unknown',
      heading: 'Customers not found',
      explanation:
        "The customer column (the switch's account code) is matched against each customer's External accounting id, then its name, and no customer has this one. Choose the customer these CDRs belong to, or skip them.",
      testId: 'unknown-customers',
      customers: notFound,
    },
  ].filter((section) => section.customers.length > 0);

  // Nothing to import, and no customer to choose that could change it: no Import button (for 0 CDRs).
  const nothingToImport = plan.goodRows === 0 && plan.unknown.length === 0;
  // The file read again (or one of the same CDRs): said as such, not as "0 CDRs are ready".
  const importedAlready = nothingToImport && result.duplicates > 0 && badCount === 0;

  async function confirm() {
    if (!plan || !customers || busy.current || readAs === undefined) return;
    busy.current = true;
    setError(undefined);
    onDone({ kind: 'importing' });
    try {
      const record = { id: newId(), fileName: storableText(file.name).slice(0, 255), importedAt: new Date().toISOString(), importedBy: currentIdentity()?.email ?? '' };
      const { usageRows } = await commitImport(localDb(), plan, result.ledgerLengths, record);
      const changed = new Set(plan.groups.filter((g) => g.group.rows > 0).map((g) => g.customerId));
      const touched = customers.filter((c) => changed.has(c.id)).sort((a, b) => a.name.localeCompare(b.name));
      // The mappings to remember, once the usage is in: through updateCustomer, so they sync (and
      // another device's edit of the customer's other fields stays).
      const remembered: RememberedCode[] = [];
      for (const { code, customerId } of toRemember) {
        const name = byId.get(customerId)?.name ?? customerId;
        try {
          await mutate('updateCustomer', { id: customerId, patch: { externalId: code }, seen: { externalId: byId.get(customerId)?.externalId ?? '' } });
          remembered.push({ code, customerId, customer: name });
        } catch (e) {
          remembered.push({ code, customerId, customer: name, problem: writeErrorMessage(e) });
        }
      }
      onDone({
        kind: 'done',
        cdrs: plan.goodRows,
        usageRows,
        customers: touched.map(({ id, name }) => ({ id, name })),
        issued: await issuedOverImport(plan, touched),
        remembered,
      });
    } catch (e) {
      busy.current = false;
      onDone({ kind: 'unreadable', reason: e instanceof StaleImportError ? e.message : `${writeErrorMessage(e)} Nothing was imported.` });
    }
  }

  return (
    <>
      <section className="card" aria-labelledby="review-heading">
        {/* Second on screen: the Columns step (also 2) is gone once the file has been read. */}
        <StepHeading id="review-heading">2. Check and import</StepHeading>
        {/* A list inside a live region (role=status on the list itself would hide its items). */}
        <div role="status">
          <ul data-testid="cdr-summary">
            <li data-testid="good-count">
              {importedAlready
                ? 'Nothing to import: every CDR in the file was imported already'
                : `${plural(plan.goodRows, 'CDR is', 'CDRs are')} ready to import${readAs === undefined ? ', once the currency of the charges is chosen' : ''}`}
            </li>
            <li data-testid="bad-count">{badCount === 0 ? 'No line has errors' : `${plural(badCount, 'line has', 'lines have')} errors and will not be imported`}</li>
            <li data-testid="duplicate-count">{plural(result.duplicates, 'CDR was', 'CDRs were')} already imported (or repeated in the file)</li>
            {plan.unmappedRows > 0 && (
              <li data-testid="unmapped-count">
                {plural(plan.unmappedRows, 'CDR belongs', 'CDRs belong')} to {plan.unmappedCustomers === 1 ? 'a customer' : 'customers'} not mapped yet: pick{' '}
                {plan.unmappedCustomers === 1 ? 'the customer' : 'the customers'} below, or Skip. Until then {plan.unmappedRows === 1 ? 'it is' : 'they are'} not imported.
              </li>
            )}
            {plan.skippedRows > 0 && <li data-testid="skipped-count">{plural(plan.skippedRows, 'CDR belongs', 'CDRs belong')} to customers that are skipped</li>}
          </ul>
        </div>
        <p className="muted">
          {file.name}: {plural(result.lines, 'line', 'lines')} read.
        </p>
        {currencyCheck && (
          <div className="field" data-testid="file-currency">
            <label htmlFor="file-currency">Currency of the charges in the file</label>
            <select
              id="file-currency"
              value={currencyCheck.value}
              onChange={(e) => setFileCurrency(e.target.value)}
              aria-describedby="file-currency-statement"
              aria-invalid={currencyCheck.readAs === undefined}
            >
              {currencyCheck.options.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
            <p className="field-hint" id="file-currency-statement" data-testid="file-currency-statement">
              {currencyCheck.statement}
            </p>
            {currencyCheck.question && (
              <p className="error" role="alert" data-testid="file-currency-question">
                {currencyCheck.question}
              </p>
            )}
          </div>
        )}
        {error && <p className="error">{error}</p>}
        <div className="actions">
          {!nothingToImport && (
            <button type="button" className="button primary" disabled={plan.goodRows === 0 || readAs === undefined} onClick={confirm}>
              Import {plural(plan.goodRows, 'CDR', 'CDRs')}
            </button>
          )}
          <button type="button" className="button" onClick={onCancel}>
            {nothingToImport ? 'Choose another file' : 'Cancel'}
          </button>
        </div>
      </section>

      {unmatchedSections.map(({ id, heading, explanation, testId, customers }) => (
        <section key={id} className="card" aria-labelledby={`${id}-heading`}>
          <h2 id={`${id}-heading`}>{heading}</h2>
          <p className="muted">{explanation}</p>
          {id === 'unknown' && (
            <p className="muted" data-testid="new-customer-hint">
              Not a customer yet?{' '}
              <Link href="/customer/edit" target="_blank" rel="noopener">
                Create a new customer (opens in a new tab)
              </Link>
              : once it is saved there, it is listed in the choices here, and this check stays as it is.
            </p>
          )}
          {/* Not in a scrolling .table-wrap: each picker's list floats over what follows, which a
              scroller would cut off. On a phone each customer text is a card (globals.css
              phone-cards): the text, its CDRs, and the picker as wide as the card. A row stays once
              picked, showing the pick, which can be changed until Import. */}
          <PhoneCardsTable columns={UNKNOWN_COLUMNS} className="table unknown-cards" caption={heading} testId={testId}>
            {customers.map((u) => (
              <CardRow key={u.text}>
                <CardCell column={UNKNOWN_COLUMN.text} className="unknown-text">
                  {u.text}
                </CardCell>
                <CardCell column={UNKNOWN_COLUMN.rows}>{u.rows.toLocaleString('en-US')}</CardCell>
                <CardCell column={UNKNOWN_COLUMN.customer}>
                  <CustomerPicker
                    label={`Customer for ${u.text}`}
                    hideLabel
                    customers={sortedCustomers}
                    noneLabel="Skip these CDRs"
                    // Empty until the user picks: the CDRs are not said to be skipped unless Skip was picked.
                    nothingPicked={u.customerId === undefined && !u.skipped}
                    placeholder="Pick a customer, or skip these CDRs"
                    value={u.customerId ?? ''}
                    onChange={(customerId) => setChoices((current) => ({ ...current, [u.text]: customerId || 'skip' }))}
                  />
                  <RememberOffer
                    offer={offers.get(u.text)}
                    checked={!forget[u.text]}
                    onChange={(checked) => setForget(({ [u.text]: _, ...rest }) => (checked ? rest : { ...rest, [u.text]: true }))}
                  />
                </CardCell>
              </CardRow>
            ))}
          </PhoneCardsTable>
        </section>
      ))}

      {badRows.length > 0 && (
        <section className="card" aria-labelledby="bad-heading">
          <h2 id="bad-heading">Lines with errors</h2>
          {badCount > badRows.length && <p className="muted">The first {badRows.length.toLocaleString('en-US')} are listed.</p>}
          <div className="table-wrap scroll-y" tabIndex={0} role="region" aria-label="Error report">
            <table className="table">
              <caption>These lines will not be imported</caption>
              <thead>
                <tr>
                  <th scope="col">Line</th>
                  <th scope="col">Problem</th>
                </tr>
              </thead>
              <tbody>
                {badRows.map((row, i) => (
                  <tr key={i}>
                    <td>{row.line}</td>
                    <td>{row.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </>
  );
}

/**
 * Under a customer picked for a text of the file: the box that saves the text as the customer's
 * External accounting id (ticked: the next files find the customer), or why this mapping is for
 * this import only.
 */
function RememberOffer({ offer, checked, onChange }: { offer: ExternalIdOffer | undefined; checked: boolean; onChange: (checked: boolean) => void }) {
  if (!offer || offer.kind === 'none') return null;
  if (offer.kind === 'once') {
    return (
      <p className="field-hint" data-testid="remember-once">
        {offer.reason}
      </p>
    );
  }
  return (
    <label className="field-check field-hint" data-testid="remember-offer">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} /> {offer.label}
    </label>
  );
}

/** The columns of Past imports; the file's name heads each row. */
const PAST_IMPORT_COLUMN = {
  file: { header: 'File', rowHeader: true },
  imported: { header: 'Imported', label: true },
  cdrs: { header: 'CDRs', label: true },
  customers: { header: 'Customers', label: true },
  days: { header: 'Days', label: true },
  totals: { header: 'Calls, minutes, charges', label: 'Added' },
  undo: { header: 'Undo', hiddenHeader: true },
} satisfies Record<string, CardColumn>;
const PAST_IMPORT_COLUMNS = Object.values(PAST_IMPORT_COLUMN);

/** Past imports shown, newest first. */
const PAST_IMPORTS_SHOWN = 100;

/**
 * When, in the account's timezone, which the section names once: 'Mar 5, 2026 16:00' (with the
 * zone only when it is another, for a time written without one).
 */
function importTime(iso: string, timeZone: string): string {
  const at = cdrImportClock(iso, timeZone);
  if (!at) return iso;
  return at.zone === timeZone ? `${at.day} ${at.clock}` : `${at.day} ${at.clock} ${at.zone}`;
}

/**
 * The company's browser imports (synced: every device lists them), newest first, with what each
 * billed and Undo import: the usage it added comes off, and its file can be imported again.
 */
function PastImports({ timeZone }: { timeZone: string }) {
  const imports = useLiveQuery(() => localDb().cdrImports.orderBy('importedAt').reverse().limit(PAST_IMPORTS_SHOWN).toArray(), []);
  const customers = useLiveQuery(async () => new Map((await localDb().customers.toArray()).map((c) => [c.id, c.name])), []);
  // Why each import cannot be undone, said on its row before Undo is pressed: the issued invoices
  // that bill its days (the server checks again, with what another device issued meanwhile).
  const blockers = useLiveQuery(async () => {
    const undoable = (imports ?? []).filter((record) => record.status === 'imported');
    if (undoable.length === 0) return new Map<string, string[]>();
    const db = localDb();
    const [parts, invoices, customerList] = await Promise.all([
      db.cdrImportParts.where('importId').anyOf(undoable.map((record) => record.id)).toArray(),
      db.invoices.where('customerId').anyOf([...new Set(undoable.flatMap((record) => record.customerIds))]).toArray(),
      db.customers.toArray(),
    ]);
    const names = new Map(customerList.map((c) => [c.id, c.name]));
    return new Map(
      undoable.map((record) => [
        record.id,
        importUndoBlockers(invoices, importedDays(parts.filter((part) => part.importId === record.id)), (id) => names.get(id) ?? id),
      ]),
    );
  }, [imports]);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState<string | undefined>();
  if (!imports || !customers) return null;

  async function undo(record: CdrImport) {
    // Days in words, as the import's label (cdrImportLabel) writes its own.
    const days =
      record.firstDay === null ? '' : record.firstDay === record.lastDay || record.lastDay === null ? ` of ${dayAsShown(record.firstDay)}` : ` of ${dayAsShown(record.firstDay)} to ${dayAsShown(record.lastDay)}`;
    const question = `Undo the import of ${cdrImportLabel(record, timeZone)}? Its ${plural(record.cdrs, 'CDR', 'CDRs')} come off the usage${days}, and the file can then be imported again (with the right timezone or customer).`;
    if (!window.confirm(question)) return;
    setBusy(record.id);
    setProblems(({ [record.id]: _, ...rest }) => rest);
    try {
      await undoImport(localDb(), record.id, currentIdentity()?.email ?? '');
    } catch (error) {
      setProblems((p) => ({ ...p, [record.id]: writeErrorMessage(error) }));
    } finally {
      setBusy(undefined);
    }
  }

  return (
    <section className="card" aria-labelledby="past-imports-heading">
      <h2 id="past-imports-heading">Past imports</h2>
      {imports.length === 0 ? (
        <p className="muted">No CDR file has been imported in the browser yet (CDRs sent through the API are not listed here).</p>
      ) : (
        <>
          <p className="muted">
            CDR files imported in the browser, on any device of the company, newest first{imports.length === PAST_IMPORTS_SHOWN ? ` (the last ${PAST_IMPORTS_SHOWN})` : ''}.
            Undoing an import takes exactly the usage it added off again, and the same file can be imported once more. An import whose days an issued invoice bills cannot be undone
            (void the invoice first); draft invoices of those days then say their usage changed. Times are in the account timezone, {timeZone}.
          </p>
          <ScrollRegion label="Past imports">
            {/* On a phone each import is a card (globals.css phone-cards): the file, then what it added
                labelled, then Undo import, all on screen. */}
            <PhoneCardsTable columns={PAST_IMPORT_COLUMNS} className="table past-import-cards" caption="CDR files imported in the browser, newest first">
              {imports.map((record) => {
                const names = record.customerIds.map((id) => customers.get(id) ?? id);
                // Its CDRs were all imported already (the same file imported on two devices offline):
                // once synced it added nothing, so there is nothing to undo.
                const addedNothing = record.status !== 'undone' && record.cdrs === 0;
                const billedBy = blockers?.get(record.id) ?? [];
                return (
                  <CardRow key={record.id} testId="past-import">
                    <CardCell column={PAST_IMPORT_COLUMN.file} className="past-import-file">
                      {record.fileName}
                    </CardCell>
                    <CardCell column={PAST_IMPORT_COLUMN.imported}>
                      {importTime(record.importedAt, timeZone)}
                      {record.importedBy ? ` by ${record.importedBy}` : ''}
                    </CardCell>
                    <CardCell column={PAST_IMPORT_COLUMN.cdrs} blank={addedNothing}>
                      {addedNothing ? '' : record.cdrs.toLocaleString('en-US')}
                    </CardCell>
                    <CardCell column={PAST_IMPORT_COLUMN.customers} blank={addedNothing} className="past-import-customers">
                      {addedNothing ? '' : names.length > 5 ? `${names.slice(0, 5).join(', ')} and ${names.length - 5} more` : names.join(', ') || '—'}
                    </CardCell>
                    <CardCell column={PAST_IMPORT_COLUMN.days} blank={addedNothing || record.firstDay === null}>
                      {addedNothing || record.firstDay === null ? '' : periodParts(record.firstDay, record.lastDay ?? record.firstDay).join(' ')}
                    </CardCell>
                    <CardCell column={PAST_IMPORT_COLUMN.totals} blank={addedNothing}>
                      {addedNothing ? '' : (
                        <>
                          {plural(record.calls, 'call', 'calls')}, {formatQuantity(billedMinutes(record.billedSeconds))} min
                          {record.charges.map((c) => `, ${formatAmount(c.amount, c.currency)}`).join('')}
                        </>
                      )}
                    </CardCell>
                    <CardCell column={PAST_IMPORT_COLUMN.undo} className="actions">
                      {record.status === 'undone' ? (
                        <span data-testid="import-undone">
                          Undone {record.undoneAt ? importTime(record.undoneAt, timeZone) : ''}
                          {record.undoneBy ? ` by ${record.undoneBy}` : ''}
                        </span>
                      ) : addedNothing ? (
                        <span data-testid="import-added-nothing">Added nothing: its CDRs were imported already (the same file, on another device say), so there is nothing to undo.</span>
                      ) : (
                        <>
                          <button
                            type="button"
                            className="button small danger"
                            disabled={busy !== undefined || billedBy.length > 0}
                            aria-label={`Undo import of ${record.fileName}, ${importTime(record.importedAt, timeZone)}`}
                            aria-describedby={billedBy.length > 0 ? `undo-blocked-${record.id}` : undefined}
                            onClick={() => void undo(record)}
                          >
                            Undo import
                          </button>
                          {billedBy.length > 0 && (
                            <p className="field-hint" id={`undo-blocked-${record.id}`} data-testid="undo-blocked">
                              Cannot be undone: {billedBy.join('; ')}. Void {billedBy.length === 1 ? 'that invoice' : 'those invoices'} first, or keep the import and bill
                              the difference as late calls.
                            </p>
                          )}
                        </>
                      )}
                      {problems[record.id] && (
                        <p className="error" role="alert">
                          {problems[record.id]}
                        </p>
                      )}
                    </CardCell>
                  </CardRow>
                );
              })}
            </PhoneCardsTable>
          </ScrollRegion>
        </>
      )}
    </section>
  );
}
