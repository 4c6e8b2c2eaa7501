/** The order of the invoices and credit notes a payment or credit is applied to. */
import { expect, test } from '@playwright/test';
import { billingData, draftWithLines, seedMutations } from './billing-data';
import { openSynced, seed, signUp } from './fixtures';

type BillingData = ReturnType<typeof billingData>;

/** A Globex draft of one line of `price` (no tax) dated `invoiceDate`, due `dueDate`, billing `period` if given. */
function draftOf(data: BillingData, price: string, invoiceDate: string, dueDate: string, period?: { start: string; end: string }) {
  const draft = draftWithLines(data.customer.id, [`Work of ${invoiceDate}`]);
  draft.mutation.args.lines[0]!.unitPrice = price;
  Object.assign(draft.mutation.args.invoice, { invoiceDate, dueDate, periodStart: period?.start ?? null, periodEnd: period?.end ?? null });
  return draft;
}

test('invoices and credit notes to pay or apply credit to are listed in their numbers\' order: INV-9 before INV-10', async ({ page }) => {
  await signUp(page);
  const data = billingData();
  // INV-1 … INV-11, all due the same day; INV-9 and INV-10 are credit notes of −5.00, the others 10.00 invoices.
  const documents = Array.from({ length: 11 }, (_, i) => draftOf(data, i === 8 || i === 9 ? '-5' : '10', '2026-11-02', '2026-12-02'));
  await seed(page, [
    ...seedMutations(data).filter((m) => m.name !== 'putUsage'),
    ...documents.map((d) => d.mutation),
    ...documents.map((d) => ({ name: 'issueInvoice', args: { id: d.invoiceId } })),
  ]);
  const invoicesInOrder = ['INV-1', 'INV-2', 'INV-3', 'INV-4', 'INV-5', 'INV-6', 'INV-7', 'INV-8', 'INV-11'];
  const dialog = page.getByRole('dialog');
  const firstColumn = (table: string) => dialog.getByRole('table', { name: table }).locator('tbody tr td:first-child');

  // From an invoice: that invoice first, then the others in order.
  await openSynced(page, `/invoice?id=${documents[1]!.invoiceId}`);
  await page.getByRole('button', { name: 'Record payment' }).click();
  await expect(firstColumn('Allocate to invoices')).toHaveText(['INV-2', ...invoicesInOrder.filter((n) => n !== 'INV-2')]);
  await expect(firstColumn('Credit notes to net against this payment')).toHaveText(['INV-9', 'INV-10']);
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  // From a credit note.
  await openSynced(page, `/invoice?id=${documents[9]!.invoiceId}`);
  await page.getByRole('button', { name: 'Apply credit' }).click();
  await expect(firstColumn('Apply the credit to invoices')).toHaveText(invoicesInOrder);
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  // From the customer.
  await openSynced(page, `/customer?id=${data.customer.id}`);
  await page.getByTestId('customer-payments').getByRole('button', { name: 'Record payment' }).click();
  await expect(firstColumn('Allocate to invoices')).toHaveText(invoicesInOrder);
  await expect(firstColumn('Credit notes to net against this payment')).toHaveText(['INV-9', 'INV-10']);
});
