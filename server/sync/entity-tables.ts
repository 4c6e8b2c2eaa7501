/** The Drizzle table of each synced entity, and conversions between its rows and lib/entities records. */
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { ENTITY_NAMES, type Entities, type EntityName } from '../../lib/entities';
import {
  accountRows,
  cdrImportPartRows,
  cdrImportRows,
  customerPackageRows,
  customerRows,
  invoiceLineRows,
  invoiceRows,
  packageRows,
  paymentRows,
  usageRows,
} from '../schema';

/** What every synced table has besides its entity's fields. */
export type SyncTable = PgTable & { tenantId: PgColumn; id: PgColumn; version: PgColumn; deleted: PgColumn };

export const entityTables: Record<EntityName, SyncTable> = {
  account: accountRows,
  customers: customerRows,
  packages: packageRows,
  customerPackages: customerPackageRows,
  usage: usageRows,
  invoices: invoiceRows,
  invoiceLines: invoiceLineRows,
  payments: paymentRows,
  cdrImports: cdrImportRows,
  cdrImportParts: cdrImportPartRows,
};

export const SYNCED_ENTITIES = ENTITY_NAMES;

/** A stored row as its entity record: the sync columns dropped, numerics already strings. */
export function toEntity<E extends EntityName>(row: Record<string, unknown>): Entities[E] {
  const { tenantId: _tenant, version: _version, deleted: _deleted, ...entity } = row;
  return entity as unknown as Entities[E];
}
