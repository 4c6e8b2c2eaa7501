/** The tRPC client of the app: plain HTTP for calls, server-sent events for the sync poke. */
import { createTRPCClient, httpLink, httpSubscriptionLink, splitLink } from '@trpc/client';
import { MEMBERSHIP_ENDED } from '@/lib/protocol';
import type { AppRouter } from '@/server/root';

export const api = createTRPCClient<AppRouter>({
  links: [
    splitLink({
      condition: (op) => op.type === 'subscription',
      true: httpSubscriptionLink({ url: '/api/trpc' }),
      false: httpLink({ url: '/api/trpc' }),
    }),
  ],
});

/** The tRPC error code of a failed call (UNAUTHORIZED, BAD_REQUEST, ...), if it has one. */
export function errorCode(error: unknown): string | undefined {
  const data = (error as { data?: { code?: string } } | undefined)?.data;
  return data?.code;
}

/** Whether a call was refused because an owner removed the user from the company account. */
export function membershipEnded(error: unknown): boolean {
  const data = (error as { data?: { sessionEnded?: string } } | undefined)?.data;
  return data?.sessionEnded === MEMBERSHIP_ENDED;
}
