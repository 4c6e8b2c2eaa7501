/** Sign-up, sign-in, sessions and teammates. The session token travels only in the httpOnly cookie. */
import { z } from 'zod';
import {
  acceptInvite,
  inviteInfo,
  clientAddress,
  createInvite,
  endSession,
  listInvites,
  listMembers,
  removeMember,
  revokeInvite,
  signIn,
  signUp,
  tenantsOf,
  type SessionInfo,
} from '../auth/accounts';
import { clearSessionCookie, sessionTokenFrom, setSessionCookie } from '../auth/cookies';
import { env } from '../env';
import { ownerProcedure, protectedProcedure, publicProcedure, router, sessionOfRequest } from '../trpc';

const emailSchema = z.string().trim().max(320).email({ message: 'must be an email address' });
/** Long passphrases welcome; 200 characters bounds the hashing work. */
const passwordSchema = z
  .string()
  .min(10, { message: 'must be at least 10 characters' })
  .max(200, { message: 'must be at most 200 characters' });
const nameSchema = z.string().trim().max(200, { message: 'must be at most 200 characters' });

/** What the app learns about itself after signing in (never the token). */
function whoAmI(info: Pick<SessionInfo, 'user' | 'tenantId' | 'tenantName' | 'role'>) {
  return { user: info.user, tenant: { id: info.tenantId, name: info.tenantName }, role: info.role };
}

export const authRouter = router({
  /** Creates the company account (tenant), its owner, its My Account row, and a session. Rate limited per address. */
  signUp: publicProcedure
    .input(
      z.object({
        email: emailSchema,
        password: passwordSchema,
        name: nameSchema.default(''),
        companyName: nameSchema.min(1, { message: 'is required' }),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const session = await signUp(ctx.database, input, clientAddress(ctx.headers, env().proxyHops));
      setSessionCookie(ctx.resHeaders, session.token, ctx.secure);
      return whoAmI(session.info);
    }),

  /** Rate limited per email and per address; `tenantId` picks one of several company accounts. */
  signIn: publicProcedure
    .input(z.object({ email: emailSchema, password: z.string().min(1).max(200), tenantId: z.string().uuid().optional() }))
    .mutation(async ({ ctx, input }) => {
      const session = await signIn(ctx.database, input, clientAddress(ctx.headers, env().proxyHops));
      setSessionCookie(ctx.resHeaders, session.token, ctx.secure);
      return whoAmI(session.info);
    }),

  /** Ends this device's session (if any) and clears the cookie; idempotent. */
  signOut: publicProcedure.mutation(async ({ ctx }) => {
    const token = sessionTokenFrom(ctx.headers);
    if (token) await endSession(ctx.database, token);
    clearSessionCookie(ctx.resHeaders, ctx.secure);
    return { ok: true as const };
  }),

  /**
   * Who this browser's session cookie signs in, or null when it signs in no one. Signed out is an
   * answer, not a refusal: the app asks on every load without a stored identity (a fresh browser,
   * the sign-in page), and a 401 there was an error in the console for a normal state.
   */
  me: publicProcedure.query(async ({ ctx }) => {
    const info = await sessionOfRequest(ctx);
    if (!info) return null;
    return { ...whoAmI(info), tenants: await tenantsOf(ctx.database, info.user.id) };
  }),

  /** Owner only. The link is shown once to the owner, who sends it to the teammate. */
  createInvite: ownerProcedure
    .input(z.object({ email: emailSchema, role: z.enum(['owner', 'member']).default('member') }))
    .mutation(async ({ ctx, input }) => {
      const invite = await createInvite(ctx.database, { tenantId: ctx.tenantId, invitedBy: ctx.user.id, ...input });
      return { token: invite.token, path: `/join?token=${invite.token}`, expiresAt: invite.expiresAt.toISOString() };
    }),

  /** The join page's heading and form: the company, the invited email, and whether it has an account. */
  inviteInfo: publicProcedure.input(z.object({ token: z.string().min(20).max(200) })).query(({ ctx, input }) => inviteInfo(ctx.database, input.token)),

  /** A new teammate sets a password (an existing user gives theirs) and is signed in. */
  acceptInvite: publicProcedure
    .input(z.object({ token: z.string().min(20).max(200), password: passwordSchema, name: nameSchema.default('') }))
    .mutation(async ({ ctx, input }) => {
      const session = await acceptInvite(ctx.database, input, clientAddress(ctx.headers, env().proxyHops));
      setSessionCookie(ctx.resHeaders, session.token, ctx.secure);
      return whoAmI(session.info);
    }),

  /** Owner only: the invites not yet accepted nor expired (never their links). */
  listInvites: ownerProcedure.query(async ({ ctx }) =>
    (await listInvites(ctx.database, ctx.tenantId)).map((i) => ({ ...i, expiresAt: i.expiresAt.toISOString(), createdAt: i.createdAt.toISOString() })),
  ),

  /** Owner only: the invite's link stops working. */
  revokeInvite: ownerProcedure.input(z.object({ id: z.string().min(1).max(100) })).mutation(async ({ ctx, input }) => {
    await revokeInvite(ctx.database, { tenantId: ctx.tenantId, id: input.id });
    return { ok: true as const };
  }),

  /** Owner only; the member's sessions in this tenant end at once, and their email's pending invites go. */
  removeMember: ownerProcedure.input(z.object({ userId: z.string().uuid() })).mutation(async ({ ctx, input }) => {
    await removeMember(ctx.database, { tenantId: ctx.tenantId, actorId: ctx.user.id, userId: input.userId });
    return { ok: true as const };
  }),

  listMembers: protectedProcedure.query(async ({ ctx }) =>
    (await listMembers(ctx.database, ctx.tenantId)).map((m) => ({ ...m, since: m.since.toISOString() })),
  ),
});
