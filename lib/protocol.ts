/**
 * The sync protocol between devices and the server: each message is one schema plus its type.
 *
 * Versions:
 * 1 — push of named mutations (exactly-once per client by mutation id), pull by tenant-version
 *     cursor in pages from one snapshot, rejections reported by mutation id. Since extended, both
 *     ways compatible: an applied mutation's result may carry an `error` (a part not applied), and
 *     such a rejection is reported `partial`.
 * 2 — pulls also carry the browser CDR imports (cdrImports, cdrImportParts). A device still on 1
 *     has no tables for them: its pulls leave them out (it fetches them once updated). Since
 *     extended, both ways compatible: a pull page may carry `overridden`, other devices' changes
 *     its mutations undid (lib/overridden-changes), which a device that does not know it ignores.
 */
import { z } from 'zod';
import { ENTITY_NAMES, idSchema, type EntityName } from './entities';

export const PROTOCOL_VERSION = 2;
/** Versions the server still answers. */
export const protocolVersionSchema = z.union([z.literal(1), z.literal(PROTOCOL_VERSION)]);
export type ProtocolVersion = z.infer<typeof protocolVersionSchema>;

/** The entities a device of that protocol version holds (and so is sent by pull). */
export function entitiesOfProtocol(version: ProtocolVersion): readonly EntityName[] {
  return version === 1 ? ENTITY_NAMES.filter((entity) => entity !== 'cdrImports' && entity !== 'cdrImportParts') : ENTITY_NAMES;
}

/** At most this many mutations per push and rows per pull page. */
export const PUSH_BATCH_MAX = 500;
export const PULL_PAGE_MAX = 5000;

/** The server refuses request bodies larger than this (MAX_BODY_BYTES in server/http-handler.ts). */
export const REQUEST_BYTES_MAX = 8 * 1024 * 1024;
/** A device fills a push up to this many bytes of mutations (JSON, UTF-8): half the limit, so there is room to spare. */
export const PUSH_BATCH_BYTES = 4 * 1024 * 1024;
/** One mutation larger than this can never be pushed (the request around it needs a little room too). */
export const MUTATION_BYTES_MAX = REQUEST_BYTES_MAX - 64 * 1024;

/**
 * Every call refused UNAUTHORIZED means "sign in again" (local data stays). When an owner removed
 * the user from the company account, the error's `data.sessionEnded` is MEMBERSHIP_ENDED: signing
 * in again cannot help, and the device's unsynced changes can never be delivered.
 */
export const MEMBERSHIP_ENDED = 'membership-ended';

export const mutationSchema = z.object({
  /** Increases by one per client, from 1. */
  id: z.number().int().min(1),
  name: z.string().min(1).max(64),
  args: z.unknown(),
});
export type Mutation = z.infer<typeof mutationSchema>;

export const pushRequestSchema = z.object({
  protocolVersion: protocolVersionSchema,
  clientId: idSchema,
  mutations: z.array(mutationSchema).min(1).max(PUSH_BATCH_MAX),
});
export type PushRequest = z.infer<typeof pushRequestSchema>;

export const mutationResultSchema = z.object({
  id: z.number().int(),
  status: z.enum(['applied', 'duplicate', 'rejected']),
  /** Why it was rejected; or, on an applied one, what part of it was not applied (lib/field-patch). */
  error: z.string().optional(),
});
export type MutationResult = z.infer<typeof mutationResultSchema>;

export const pushResponseSchema = z.object({
  /** The last mutation of this client the server has processed (applied or rejected). */
  lastMutationId: z.number().int().min(0),
  results: z.array(mutationResultSchema),
});
export type PushResponse = z.infer<typeof pushResponseSchema>;

export const entityNameSchema = z.enum(ENTITY_NAMES);

export const pullRequestSchema = z.object({
  protocolVersion: protocolVersionSchema,
  clientId: idSchema,
  /** The tenant version the device has everything up to; 0 for a first sync. */
  cursor: z.number().int().min(0),
  /** The snapshot version of an unfinished paged pull (resume after reload); absent to start one. */
  snapshot: z.number().int().min(0).optional(),
  /** Report rejections of this client's mutations with ids from here on. */
  rejectionsFrom: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(PULL_PAGE_MAX).default(PULL_PAGE_MAX),
});
export type PullRequest = z.input<typeof pullRequestSchema>;

export const rowChangeSchema = z.object({
  entity: entityNameSchema,
  id: z.string(),
  /** The row as the server holds it, or null when it was deleted. */
  row: z.record(z.string(), z.unknown()).nullable(),
});
export type RowChange = z.infer<typeof rowChangeSchema>;

/** lib/overridden-changes OverriddenChange: a change another device's later change undid, for the device that made it. */
export const overriddenChangeSchema = z.object({
  entity: entityNameSchema,
  id: z.string(),
  field: z.string().optional(),
  value: z.unknown().optional(),
  message: z.string(),
  mentions: z.array(z.object({ entity: entityNameSchema, id: z.string() })).optional(),
});

export const pullResponseSchema = z.object({
  /** The version the device has everything up to once it applies `changes`. */
  cursor: z.number().int().min(0),
  /**
   * When `more`, ask again with this snapshot and the new cursor. A pull ends only at the tenant's
   * version of its last page; after an older snapshot's last page this is the newer version.
   */
  snapshot: z.number().int().min(0),
  more: z.boolean(),
  /** True when the device's cursor was too old: drop all server rows and apply these from scratch. */
  reset: z.boolean(),
  /** Rows changed in the tenant so far (for a progress bar on a first sync). */
  total: z.number().int().min(0),
  /**
   * On the last page: the last mutation of this client the server processed, whose effects are all
   * in the rows up to `cursor`. 0 on earlier pages (their later pages may still carry the effects).
   */
  lastMutationId: z.number().int().min(0),
  changes: z.array(rowChangeSchema),
  /** Refused mutations, and (`partial`) those applied but for the part `error` names. */
  rejections: z.array(z.object({ mutationId: z.number().int(), name: z.string(), error: z.string(), partial: z.boolean().optional() })),
  /** Changes of other devices that this page's mutations undid without knowing of them (lib/overridden-changes). */
  overridden: z.array(overriddenChangeSchema).optional(),
});
export type PullResponse = z.infer<typeof pullResponseSchema>;
