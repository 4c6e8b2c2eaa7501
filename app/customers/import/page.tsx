'use client';

import Link from 'next/link';
import { useState, type ChangeEvent } from 'react';
import { v7 as uuidv7 } from 'uuid';
import {
  CsvError,
  customerAfterImport,
  customerChangesText,
  customerImportChanges,
  decodeCsvFile,
  externalIdClashes,
  externalIdClashText,
  matchExistingCustomers,
  parseCustomerCsv,
  type CustomerChange,
  type CustomerImportPlan,
} from '@/lib/csv';
import { ACCOUNT_ID, type Customer } from '@/lib/entities';
import { FormMessage } from '../../_components/form-fields';
import { localDb } from '../../_local/db';
import { mutate, predictRefusals, refusalReason } from '../../_local/mutate';
import { PrefetchRoutes } from '../../_components/prefetch-routes';

/** Larger files are almost certainly not a customer list; reading them would only stall the page. */
const MAX_FILE_BYTES = 20 * 1024 * 1024;

/** What Import will do with one valid row, as of the device's data when the file was checked. */
interface RowPlan {
  action: 'create' | 'update' | 'unchanged';
  /** An update's changes, in column order. */
  changes: CustomerChange[];
  /** The device's refusal of the row's change, if it would refuse it (a currency that is fixed). */
  refusal: string | null;
  /** Why CDRs naming the row's external id would be refused as ambiguous, if they would. */
  externalIdWarning: string | null;
}

type Stage =
  | { kind: 'choose' }
  | { kind: 'unreadable'; reason: string }
  | { kind: 'preview'; fileName: string; result: CustomerImportPlan; plans: RowPlan[] }
  | { kind: 'importing'; done: number; total: number }
  | { kind: 'done'; created: number; updated: number; unchanged: number; failures: { row: number; name: string; reason: string }[] };

/** Plans each row: create or update (or nothing to change), and whether the device would refuse it. */
async function planRows(result: CustomerImportPlan, customers: readonly Customer[]): Promise<RowPlan[]> {
  const clashes = externalIdClashes(result.actions, customers);
  const plans: RowPlan[] = result.actions.map((action, i) => {
    const clash = clashes[i];
    const externalIdWarning = clash ? externalIdClashText(clash) : null;
    if (action.kind === 'create') return { action: 'create', changes: [], refusal: null, externalIdWarning };
    const changes = customerImportChanges(action.before, action.patch);
    return { action: changes.length ? 'update' : 'unchanged', changes, refusal: null, externalIdWarning };
  });
  const toRun = result.actions.flatMap((action, i) => {
    if (plans[i]!.action === 'unchanged') return [];
    return [
      {
        index: i,
        mutation:
          action.kind === 'create'
            ? { name: 'createCustomer' as const, args: action.customer }
            : { name: 'updateCustomer' as const, args: { id: action.before.id, patch: action.patch } },
      },
    ];
  });
  const refusals = await predictRefusals(toRun.map((r) => r.mutation));
  toRun.forEach(({ index }, i) => (plans[index]!.refusal = refusals[i]!));
  return plans;
}

export default function ImportCustomersPage() {
  const [stage, setStage] = useState<Stage>({ kind: 'choose' });

  async function choose(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    if (file.size > MAX_FILE_BYTES) {
      setStage({ kind: 'unreadable', reason: `The file is ${Math.ceil(file.size / 1048576)} MB; a customer CSV is at most 20 MB.` });
      return;
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    const account = await localDb().account.get(ACCOUNT_ID);
    try {
      const parsed = parseCustomerCsv(decodeCsvFile(bytes), { currency: account?.currency ?? 'USD', newId: () => uuidv7() });
      // All of them: a new row's external id may be any customer's.
      const customers = await localDb().customers.toArray();
      const result = matchExistingCustomers(parsed, new Map(customers.map((c) => [c.id, c])));
      setStage({ kind: 'preview', fileName: file.name, result, plans: await planRows(result, customers) });
    } catch (error) {
      setStage({ kind: 'unreadable', reason: error instanceof CsvError ? error.message : String(error) });
    }
  }

  async function confirmImport(result: CustomerImportPlan) {
    const failures: { row: number; name: string; reason: string }[] = [];
    let created = 0;
    let updated = 0;
    let unchanged = 0;
    const total = result.actions.length;
    setStage({ kind: 'importing', done: 0, total });
    const db = localDb();
    for (let i = 0; i < total; i++) {
      const action = result.actions[i]!;
      const { row } = action;
      const { name } = customerAfterImport(action);
      try {
        // Re-read: the customer may have been deleted since the preview (another tab, a sync). The
        // patch holds only the file's columns, so whatever else changed meanwhile is kept too.
        if (action.kind === 'update') {
          // Deleted since the preview: the row was read as an update (its absent columns mean
          // "keep"), so creating the customer from it would invent those fields.
          const current = await db.customers.get(action.before.id);
          if (!current) {
            failures.push({ row, name, reason: 'This customer was deleted since the file was checked; check the file again to create it.' });
            continue;
          }
          // Nothing to change: no write, and nothing to sync.
          if (customerImportChanges(current, action.patch).length === 0) {
            unchanged++;
            continue;
          }
          await mutate('updateCustomer', { id: action.before.id, patch: action.patch });
          updated++;
        } else {
          await mutate('createCustomer', action.customer);
          created++;
        }
      } catch (error) {
        // The row and the customer are named beside it.
        failures.push({ row, name, reason: refusalReason(error) });
      }
      if (i % 50 === 0) setStage({ kind: 'importing', done: i + 1, total });
    }
    setStage({ kind: 'done', created, updated, unchanged, failures });
  }

  return (
    <div className="stack">
      <PrefetchRoutes />
      <div className="page-head">
        <div>
          <p className="breadcrumb">
            <Link href="/customers">Customers</Link>
          </p>
          <h1>Import customers</h1>
        </div>
      </div>
      <section className="card" aria-labelledby="file-heading">
        <h2 id="file-heading">1. Choose a CSV file</h2>
        <p className="muted">
          The first row names the columns: <code>name</code> (required to create a customer), <code>company</code>, <code>status</code>, <code>currency</code>, <code>tax_rate</code>, <code>due_days</code>,{' '}
          <code>schedule</code>, <code>address</code>, <code>external_id</code>, <code>notes</code>, and <code>contact_1_name</code>, <code>contact_1_email</code>, <code>contact_1_phone</code> (then <code>contact_2_…</code>), <code>vat_id</code> and <code>tax_note</code> (printed on the customer&apos;s invoices).
          A row with the <code>id</code> of an existing customer updates it: only the columns in the file change, and a blank status, currency, tax_rate,
          due_days or schedule keeps the customer&apos;s; with contact columns, the row&apos;s contacts replace the customer&apos;s. A file without a <code>name</code> column can only update: each row
          needs the <code>id</code> of an existing customer. Spaces around a cell are
          ignored unless the cell is in quotes. Export CSV writes this format, with a <code>&apos;</code> before any value a spreadsheet would run as a
          formula (one starting with <code>=</code>, <code>+</code>, <code>-</code>, <code>@</code>, a tab or a line break, unless it is plainly a number or a phone number); import takes that one <code>&apos;</code> off again.
        </p>
        <label htmlFor="csv-file">CSV file</label>{' '}
        <input id="csv-file" type="file" accept=".csv,text/csv" onChange={choose} disabled={stage.kind === 'importing'} />
      </section>

      {stage.kind === 'unreadable' && (
        <div className="card" role="alert">
          <h2>The file cannot be imported</h2>
          <p className="error">{stage.reason}</p>
          <p>Nothing was imported.</p>
        </div>
      )}

      {stage.kind === 'preview' && <Preview stage={stage} onConfirm={() => confirmImport(stage.result)} onCancel={() => setStage({ kind: 'choose' })} />}

      {stage.kind === 'importing' && (
        <div className="card" role="status">
          <progress max={stage.total} value={stage.done} aria-label="Importing customers" /> Importing {stage.done} of {stage.total}…
        </div>
      )}

      {stage.kind === 'done' && (
        <section className="card" aria-labelledby="done-heading">
          <h2 id="done-heading">Import finished</h2>
          <FormMessage
            message={{
              kind: stage.failures.length ? 'error' : 'ok',
              text: `${stage.created} customers created, ${stage.updated} updated${stage.unchanged ? `, ${stage.unchanged} unchanged` : ''}${stage.failures.length ? `, ${stage.failures.length} refused` : ''}.`,
            }}
          />
          {stage.failures.length > 0 && (
            <ul>
              {stage.failures.map((f) => (
                <li key={f.row}>
                  Row {f.row} ({f.name}): {f.reason}
                </li>
              ))}
            </ul>
          )}
          <Link href="/customers" className="button">
            Back to customers
          </Link>
        </section>
      )}
    </div>
  );
}

const ACTION_TEXT: Record<RowPlan['action'], string> = { create: 'Create', update: 'Update', unchanged: 'No change' };

function Preview({ stage, onConfirm, onCancel }: { stage: Extract<Stage, { kind: 'preview' }>; onConfirm: () => void; onCancel: () => void }) {
  const { result, fileName, plans } = stage;
  const badRows = new Set(result.errors.map((e) => e.row)).size;
  const toImport = plans.filter((p) => p.action !== 'unchanged').length;
  const refused = plans.filter((p) => p.refusal !== null).length;
  const unchanged = plans.length - toImport;
  const sharedExternalIds = plans.filter((p) => p.refusal === null && p.externalIdWarning !== null).length;
  return (
    <>
      <section className="card" aria-labelledby="preview-heading">
        <h2 id="preview-heading">2. Check and confirm</h2>
        <p role="status" data-testid="import-summary">
          {fileName}: {result.actions.length} {result.actions.length === 1 ? 'row is' : 'rows are'} ready to import; {badRows} {badRows === 1 ? 'row has' : 'rows have'} errors and will be skipped.
          {unchanged > 0 && ` ${unchanged} ${unchanged === 1 ? 'row changes' : 'rows change'} nothing and will be left out.`}
          {refused > 0 && ` ${refused} ${refused === 1 ? 'row' : 'rows'} will be refused (see Action).`}
          {sharedExternalIds > 0 &&
            ` ${sharedExternalIds} ${sharedExternalIds === 1 ? 'row has an external id' : 'rows have external ids'} another customer also has: CDRs naming ${sharedExternalIds === 1 ? 'it' : 'them'} will be refused as ambiguous (see Action).`}
        </p>
        {result.ignoredColumns.length > 0 && <p className="muted">Ignored columns (not customer fields): {result.ignoredColumns.join(', ')}.</p>}
        {result.actions.length > 0 && (
          <div className="table-wrap scroll-y" tabIndex={0} role="region" aria-label="Rows to import">
            <table className="table">
              <caption>Rows to import</caption>
              <thead>
                <tr>
                  <th scope="col">Row</th>
                  <th scope="col">Name</th>
                  <th scope="col">Company</th>
                  <th scope="col">Currency</th>
                  <th scope="col">Contacts</th>
                  <th scope="col">Action</th>
                  <th scope="col">Changes</th>
                </tr>
              </thead>
              <tbody>
                {result.actions.map((action, i) => {
                  const plan = plans[i]!;
                  const after = customerAfterImport(action);
                  return (
                    <tr key={action.row}>
                      <td>{action.row}</td>
                      <th scope="row" dir="auto">
                        {after.name}
                      </th>
                      <td dir="auto">{after.company}</td>
                      <td>{after.currency}</td>
                      <td>{after.contacts.length}</td>
                      <td>
                        {plan.refusal ? `Refused: ${plan.refusal}` : ACTION_TEXT[plan.action]}
                        {!plan.refusal && plan.externalIdWarning && <span className="warning"> — {plan.externalIdWarning}</span>}
                      </td>
                      <td>{action.kind === 'update' ? customerChangesText(plan.changes) : '—'}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
        <div className="actions">
          <button type="button" className="button primary" disabled={toImport === 0} onClick={onConfirm}>
            Import {toImport} {toImport === 1 ? 'customer' : 'customers'}
          </button>
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </section>
      {result.errors.length > 0 && (
        <section className="card" aria-labelledby="errors-heading">
          <h2 id="errors-heading">Rows with errors</h2>
          <div className="table-wrap scroll-y" tabIndex={0} role="region" aria-label="Error report">
            <table className="table">
              <caption>Error report: these rows will not be imported</caption>
              <thead>
                <tr>
                  <th scope="col">Row</th>
                  <th scope="col">Column</th>
                  <th scope="col">Problem</th>
                </tr>
              </thead>
              <tbody>
                {result.errors.map((e, i) => (
                  <tr key={i}>
                    <td>{e.row}</td>
                    <td>{e.field}</td>
                    <td>{e.reason}</td>
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
