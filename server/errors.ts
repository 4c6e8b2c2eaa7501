/**
 * A refusal by a server function that knows nothing of tRPC or HTTP; the tRPC layer turns it into
 * a TRPCError with the same code (server/trpc.ts).
 */
export type ServiceErrorCode = 'BAD_REQUEST' | 'UNAUTHORIZED' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT' | 'TOO_MANY_REQUESTS';

export class ServiceError extends Error {
  override name = 'ServiceError';
  constructor(
    readonly code: ServiceErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** The caller's session ended because an owner removed them from the company account. */
export class MembershipEndedError extends Error {
  override name = 'MembershipEndedError';
  constructor() {
    super('You are no longer a member of this company account: an owner removed you');
  }
}
