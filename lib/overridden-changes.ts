/**
 * Changes of one device that a later change of another device undid without knowing of them, and
 * how the device that made them is told. Sync applies changes in server arrival order, so the
 * device whose change lost has usually synced it already (it left its outbox) by the time another
 * device's change undoes it: no refusal of its own can tell it. Four such cases:
 * - a customer's Name, Company, VAT id or Address set on two devices: the later arrival wins
 *   (last-writer-wins), and the device whose value it replaced is told;
 * - a draft's customer, dates, period or notes set on two devices: the same;
 * - a draft's line changed on one device and deleted on another that had not seen the change: the
 *   deletion wins, and the device that changed the line is told;
 * - a customer or draft deleted on one device while another made or changed an invoice of it: the
 *   record is restored (lib/mutators restoreDeleted), and the device that deleted it is told why.
 *
 * The server records what the later change undid (MutationTx overrode) and sends it to the tenant's
 * other devices with the pull page of that change (`OverriddenChange`, lib/protocol); each device
 * remembers what of its own applied changes such a change could undo (`changesAtRisk`) and shows
 * the notices about them (`madeThis`). A device that did not make the undone change hears nothing.
 */
import type { Customer, EntityName } from './entities';
import { sameFieldValue } from './field-patch';
import { INVOICE_HEADER_FIELDS, type InvoiceHeaderField } from './invoice-edit';

/**
 * The customer fields that say who the customer is on an invoice, by the form's label: a value set
 * on one device and replaced by another device's that never saw it is told to the first device.
 * (Money fields are not here: a stale edit of one is not applied at all, lib/field-patch.)
 */
export const CUSTOMER_IDENTITY_FIELDS: Partial<Record<keyof Customer & string, string>> = {
  name: 'Name',
  company: 'Company',
  vatId: 'VAT id',
  address: 'Address',
};

/**
 * A draft's header fields (lib/invoice-edit), as a notice names them: a value set on one device and
 * replaced by another device's that never saw it is told to the first device. The currency is not
 * here: it follows the customer.
 */
export const DRAFT_HEADER_LABELS: Record<InvoiceHeaderField, string> = {
  customerId: 'customer',
  invoiceDate: 'invoice date',
  dueDate: 'due date',
  periodStart: 'period start',
  periodEnd: 'period end',
  notes: 'notes',
};

/** What of a change another device's later change may undo: a field's value, or a whole record (a deletion, a line's edit). */
export interface ChangeAtRisk {
  entity: EntityName;
  id: string;
  field?: string;
  value?: unknown;
}

/**
 * A change another device's later change undid, as the server tells the tenant's other devices:
 * which record (and field, with the value the undone change had set) and the notice, naming
 * records by id where the device names them (`mentions`, lib/change-labels style).
 */
export interface OverriddenChange extends ChangeAtRisk {
  message: string;
  /** Records the message names by id, which the device replaces with their labels. */
  mentions?: { entity: EntityName; id: string }[];
}

type Args = Record<string, unknown>;

const isArgs = (value: unknown): value is Args => typeof value === 'object' && value !== null && !Array.isArray(value);
const idOf = (value: unknown): string | undefined => (isArgs(value) && typeof value.id === 'string' ? value.id : undefined);

/**
 * What of a change applied by the server a later change of another device may undo, by mutation.
 * Credit applied from a payment another device deleted is not here: app/_local/credit-applications
 * tells it, naming only this device's applications among those the deletion took back; here too,
 * the device would be told twice.
 */
export function changesAtRisk(name: string, args: unknown): ChangeAtRisk[] {
  if (!isArgs(args)) return [];
  const id = idOf(args);
  switch (name) {
    case 'updateCustomer': {
      const patch = args.patch;
      if (!id || !isArgs(patch)) return [];
      return Object.keys(CUSTOMER_IDENTITY_FIELDS)
        .filter((field) => Object.hasOwn(patch, field))
        .map((field) => ({ entity: 'customers', id, field, value: patch[field] }));
    }
    case 'saveInvoice': {
      const patch = isArgs(args.patch) ? args.patch : {};
      const header: ChangeAtRisk[] = id
        ? INVOICE_HEADER_FIELDS.filter((field) => Object.hasOwn(patch, field)).map((field) => ({ entity: 'invoices', id, field, value: patch[field] }))
        : [];
      const edited = [...(Array.isArray(args.linePatches) ? args.linePatches : []), ...(Array.isArray(args.upsertLines) ? args.upsertLines : [])];
      return [
        ...header,
        ...edited.flatMap((line) => {
          const lineId = idOf(line);
          return lineId ? [{ entity: 'invoiceLines' as const, id: lineId }] : [];
        }),
      ];
    }
    case 'deleteCustomer':
      return id ? [{ entity: 'customers', id }] : [];
    case 'deleteInvoice':
      return id ? [{ entity: 'invoices', id }] : [];
    default:
      return [];
  }
}

/**
 * Whether `overridden` undid the change `mine` stands for (a field: only the value this device set;
 * a whole record, a deletion say: only a change of the whole record, never a field this device set
 * of it, which would tell a device that edited a customer that it deleted it).
 */
export function madeThis(mine: ChangeAtRisk, overridden: ChangeAtRisk): boolean {
  if (mine.entity !== overridden.entity || mine.id !== overridden.id) return false;
  if (overridden.field === undefined) return mine.field === undefined;
  return mine.field === overridden.field && sameFieldValue(mine.value, overridden.value);
}

/** A text value as a notice quotes it: on one line, cut short, "(none)" when empty. */
export function quotedValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '(none)';
  const line = (typeof value === 'string' ? value : JSON.stringify(value)).replace(/\s+/g, ' ').trim();
  return `“${line.length > 60 ? `${line.slice(0, 59)}…` : line}”`;
}
