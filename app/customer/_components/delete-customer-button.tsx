'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import type { Customer } from '@/lib/entities';
import { MutationError } from '@/lib/mutators';
import { mutate, predictRefusals, refusalReason, writeErrorMessage } from '../../_local/mutate';

/**
 * Deletes a customer without invoices, usage or payments. The mutator's refusal (it has a history;
 * set it inactive instead) is checked before asking, so the question "This cannot be undone" is
 * only put when the answer can be acted on; refused, the reason shows with the alternative, Set
 * inactive, beside it for an active customer. The server may still refuse (an invoice made on
 * another device meanwhile): that refusal shows the same way.
 */
export function DeleteCustomerButton({ customer }: { customer: Customer }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [refused, setRefused] = useState(false);
  const [done, setDone] = useState<string | null>(null);

  async function remove() {
    setError(null);
    setRefused(false);
    setDone(null);
    try {
      const [refusal] = await predictRefusals([{ name: 'deleteCustomer', args: { id: customer.id } }]);
      if (refusal) {
        setError(refusal);
        setRefused(true);
        return;
      }
      if (!window.confirm(`Delete ${customer.name} and their package assignments? This cannot be undone.`)) return;
      await mutate('deleteCustomer', { id: customer.id });
      router.push('/customers');
    } catch (e) {
      setError(refusalReason(e));
      setRefused(e instanceof MutationError);
    }
  }

  async function setInactive() {
    try {
      await mutate('updateCustomer', { id: customer.id, patch: { status: 'inactive' } });
      setError(null);
      setRefused(false);
      setDone(`${customer.name} is inactive now, with its history kept.`);
    } catch (e) {
      setError(writeErrorMessage(e));
    }
  }

  return (
    <>
      <button type="button" className="button danger" onClick={() => void remove()}>
        Delete customer
      </button>
      {error && (
        <div role="alert" className="form-message error span-all" data-testid="delete-customer-refusal">
          <p>{error}</p>
          {refused && customer.status === 'active' && (
            <button type="button" className="button" onClick={() => void setInactive()}>
              Set {customer.name} inactive
            </button>
          )}
        </div>
      )}
      {done && (
        <p role="status" className="form-message span-all">
          {done}
        </p>
      )}
    </>
  );
}
