import type { GeneratedDraft } from '@/lib/generate';
import { countOf, formatQuantity } from '../../_components/locale';

/**
 * Says why the internal calls of a period (lib/grouping: to an extension or short code of the
 * customer's switch, at no charge) are on no line, while the usage summary counts them: on Generate
 * Invoice's preview, a billing run's customer, and an issued invoice's late-calls notice.
 */
export function InternalCallsNote({ internalCalls }: { internalCalls: GeneratedDraft['internalCalls'] }) {
  if (internalCalls === null) return null;
  return (
    <p className="muted small" data-testid="internal-calls-note">
      {countOf(internalCalls.calls, 'internal call', 'internal calls')} ({formatQuantity(internalCalls.minutes)} min), to extensions and short codes at no charge,{' '}
      {internalCalls.calls === 1 ? 'is' : 'are'} on no line: a carrier does not bill internal calls. The usage summary still counts them.
    </p>
  );
}
