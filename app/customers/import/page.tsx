'use client';

import Link from 'next/link';
import { useState, type ChangeEvent } from 'react';
import { v7 as uuidv7 } from 'uuid';
import { CsvError, customerAfterImport, customerChangesText, decodeCsvFile, matchExistingCustomers, parseCustomerCsv, type CustomerImportPlan } from '@/lib/csv';
import { ACCOUNT_ID } from '@/lib/entities';
import { FileChoice } from '../../_components/file-choice';
import { FormMessage } from '../../_components/form-fields';
import { localDb } from '../../_local/db';
import { PrefetchRoutes } from '../../_components/prefetch-routes';
import { importCustomers, planRows, type ImportOutcome, type RowPlan } from './customer-import';

/** Larger files are almost certainly not a customer list; reading them would only stall the page. */
const MAX_FILE_BYTES = 20 * 1024 * 1024;

type Stage =
  | { kind: 'choose' }
  | { kind: 'unreadable'; reason: string }
  | { kind: 'preview'; fileName: string; result: CustomerImportPlan; plans: RowPlan[] }
  | { kind: 'importing'; done: number; total: number }
  | ({ kind: 'done' } & ImportOutcome);

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
    setStage({ kind: 'importing', done: 0, total: result.actions.length });
    const outcome = await importCustomers(result, localDb(), (done, total) => setStage({ kind: 'importing', done, total }));
    setStage({ kind: 'done', ...outcome });
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
          A row with the <code>id</code> of an existing customer updates it: only the columns in the file change, and of those only the cells that differ from the customer on this device (the preview lists them; a tax_rate, due_days or currency another device changed meanwhile keeps that device&apos;s value, and you are told), and a blank status, currency, tax_rate,
          due_days or schedule keeps the customer&apos;s; with contact columns, the row&apos;s contacts replace the customer&apos;s. A file without a <code>name</code> column can only update: each row
          needs the <code>id</code> of an existing customer. Spaces around a cell are
          ignored unless the cell is in quotes. Export CSV writes this format, with a <code>&apos;</code> before any value a spreadsheet would run as a
          formula (one starting with <code>=</code>, <code>+</code>, <code>-</code>, <code>@</code>, a tab or a line break, unless it is plainly a number or a phone number); import takes that one <code>&apos;</code> off again.
        </p>
        <FileChoice id="csv-file" label="CSV file" buttonText="Choose a CSV file…" chosen={stage.kind === 'preview' ? stage.fileName : undefined} accept=".csv,text/csv" onChange={choose} disabled={stage.kind === 'importing'} />
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
          {/* The rows Import writes, as its button counts them: those that change nothing are counted apart. */}
          {fileName}: {toImport} {toImport === 1 ? 'row is' : 'rows are'} ready to import; {badRows} {badRows === 1 ? 'row has' : 'rows have'} errors and will be skipped.
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
