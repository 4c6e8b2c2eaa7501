/** Schema refusals in the user's words (the mutators' arguments are tested in lib/mutators.test.ts). */
import { describe, expect, it } from 'vitest';
import { argumentDetail, rowProblem } from './argument-problems';
import { entitySchemas } from './entities';
import { CUSTOMER_ID, testInvoice, testPackage } from './test-fixtures';

describe('rowProblem', () => {
  it('names the field of a row a change would store, as the user knows it, and the detail keeps the path', () => {
    const invoice = { ...testInvoice({ customerId: CUSTOMER_ID }), total: '1234567890123456.00' };
    const issue = entitySchemas.invoices.safeParse(invoice).error?.issues[0];
    expect(rowProblem('invoices', issue, invoice)).toBe("The invoice's total must have at most 15 integer digits");
    expect(argumentDetail(`invoices ${invoice.id}`, issue)).toBe(
      `invoices ${invoice.id}: total must have at most 15 integer digits`,
    );
    const line = { id: invoice.id, invoiceId: invoice.id, position: 0, kind: 'manual', description: 'Fee', startDate: null, endDate: null, quantity: '1', unit: 'x'.repeat(21), unitPrice: '1', taxRate: '0', amount: null, calls: null, minutes: null, packageId: null };
    const lineIssue = entitySchemas.invoiceLines.safeParse(line).error?.issues[0];
    expect(rowProblem('invoiceLines', lineIssue, line)).toBe("The unit of one of the invoice's lines must be at most 20 characters");
  });

  it("names a package row's retail price as the package form does for its frequency", () => {
    const oneOff = testPackage({ frequency: 'none', retail: '-1' });
    expect(rowProblem('packages', entitySchemas.packages.safeParse(oneOff).error?.issues[0], oneOff)).toBe("The package's price (charged once) must not be negative");
    const monthly = testPackage({ frequency: 'monthly', retail: '-1' });
    expect(rowProblem('packages', entitySchemas.packages.safeParse(monthly).error?.issues[0], monthly)).toBe("The package's retail price per period must not be negative");
  });
});
