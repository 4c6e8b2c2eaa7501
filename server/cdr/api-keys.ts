/**
 * API keys for `POST /api/cdrs`: one per softswitch, created and revoked by an owner. The key is
 * shown once, at creation; only its SHA-256 is stored (a leaked table authenticates nobody), as
 * with sessions. A revoked key stays listed, refused.
 */
import { randomUUID } from 'node:crypto';
import { and, desc, eq, isNull } from 'drizzle-orm';
import { hashToken, newToken } from '../auth/tokens';
import type { Database } from '../db';
import { ServiceError } from '../errors';
import { cdrApiKeys } from '../schema';

/** Keys start with this, so a key pasted in the wrong place is recognisable (and greppable in logs). */
export const API_KEY_PREFIX = 'tbk_';
/** Characters of the key shown in lists. */
const SHOWN_CHARS = API_KEY_PREFIX.length + 6;

export interface ApiKeyInfo {
  id: string;
  name: string;
  /** The first characters of the key, e.g. "tbk_Ab12Cd". */
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const infoColumns = {
  id: cdrApiKeys.id,
  name: cdrApiKeys.name,
  prefix: cdrApiKeys.prefix,
  createdAt: cdrApiKeys.createdAt,
  lastUsedAt: cdrApiKeys.lastUsedAt,
  revokedAt: cdrApiKeys.revokedAt,
};

export async function createApiKey(
  database: Database,
  params: { tenantId: string; userId: string; name: string },
): Promise<ApiKeyInfo & { key: string }> {
  const key = `${API_KEY_PREFIX}${newToken()}`;
  const [row] = await database.db
    .insert(cdrApiKeys)
    .values({ id: randomUUID(), tenantId: params.tenantId, name: params.name, prefix: key.slice(0, SHOWN_CHARS), keyHash: hashToken(key), createdBy: params.userId })
    .returning(infoColumns);
  return { ...row!, key };
}

export async function listApiKeys(database: Database, tenantId: string): Promise<ApiKeyInfo[]> {
  return database.db.select(infoColumns).from(cdrApiKeys).where(eq(cdrApiKeys.tenantId, tenantId)).orderBy(desc(cdrApiKeys.createdAt));
}

export async function revokeApiKey(database: Database, tenantId: string, id: string): Promise<ApiKeyInfo> {
  const [row] = await database.db
    .update(cdrApiKeys)
    .set({ revokedAt: new Date() })
    .where(and(eq(cdrApiKeys.tenantId, tenantId), eq(cdrApiKeys.id, id), isNull(cdrApiKeys.revokedAt)))
    .returning(infoColumns);
  if (row) return row;
  const [existing] = await database.db.select(infoColumns).from(cdrApiKeys).where(and(eq(cdrApiKeys.tenantId, tenantId), eq(cdrApiKeys.id, id)));
  if (!existing) throw new ServiceError('NOT_FOUND', 'No such API key in this company account');
  return existing;
}

/** The tenant of a live key, or undefined for a malformed, unknown or revoked one. */
export async function authenticateApiKey(database: Database, key: string): Promise<{ tenantId: string; keyId: string } | undefined> {
  if (!key.startsWith(API_KEY_PREFIX) || key.length > 200) return undefined;
  const [row] = await database.db
    .update(cdrApiKeys)
    .set({ lastUsedAt: new Date() })
    .where(and(eq(cdrApiKeys.keyHash, hashToken(key)), isNull(cdrApiKeys.revokedAt)))
    .returning({ tenantId: cdrApiKeys.tenantId, keyId: cdrApiKeys.id });
  return row;
}
