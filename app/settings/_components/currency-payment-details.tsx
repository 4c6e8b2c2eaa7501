'use client';

import { useMemo, useRef, useState } from 'react';
import { withCurrencyPaymentDetails } from '@/lib/invoice-parties';
import { SelectField, TextAreaField } from '../../_components/form-fields';
import { currencyOptions } from '../../customer/_components/customer-form';

/**
 * My Account's payment details for single currencies (a EUR IBAN, a USD account), each printed on
 * that currency's invoices instead of the general payment details. `errors` are the account form's,
 * keyed `paymentDetailsByCurrency.EUR`.
 */
export function CurrencyPaymentDetails({
  value,
  onChange,
  errors,
}: {
  value: Readonly<Record<string, string>>;
  onChange: (next: Record<string, string>) => void;
  errors: Readonly<Record<string, string>>;
}) {
  const codes = Object.keys(value).sort();
  const addable = useMemo(() => currencyOptions().filter((option) => !Object.hasOwn(value, option.value)), [value]);
  const [adding, setAdding] = useState('EUR');
  const chosen = addable.some((option) => option.value === adding) ? adding : (addable[0]?.value ?? '');
  const list = useRef<HTMLUListElement>(null);
  const adder = useRef<HTMLDivElement>(null);

  function add() {
    if (!chosen) return;
    onChange(withCurrencyPaymentDetails(value, chosen, ''));
    // The new currency's field takes the keyboard, where the details are typed next.
    requestAnimationFrame(() => list.current?.querySelector<HTMLTextAreaElement>(`[data-currency="${chosen}"] textarea`)?.focus());
  }

  function remove(code: string) {
    onChange(withCurrencyPaymentDetails(value, code, undefined));
    // Its button is gone with it: the keyboard goes on at the currency select, where it can be added back.
    requestAnimationFrame(() => adder.current?.querySelector('select')?.focus());
  }

  return (
    <div className="span-all stack">
      <h3 className="field-label">
        Payment details for one currency
      </h3>
      <p className="field-hint">
        For invoices in a currency paid into another account: its invoices print these instead of the payment details above.
      </p>
      {codes.length > 0 && (
        <ul ref={list} className="currency-details">
          {codes.map((code) => (
            <li key={code} data-currency={code}>
              <TextAreaField
                label={`Payment details for ${code}`}
                value={value[code] ?? ''}
                onChange={(text) => onChange(withCurrencyPaymentDetails(value, code, text))}
                error={errors[`paymentDetailsByCurrency.${code}`]}
                hint={value[code]?.trim() ? undefined : `Empty: ${code} invoices print the payment details above.`}
              />
              <div>
                <button type="button" className="button" onClick={() => remove(code)}>
                  Remove {code} payment details
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
      {addable.length > 0 && (
        <div className="add-row" ref={adder}>
          <SelectField label="Currency" value={chosen} onChange={setAdding} options={addable} />
          <button type="button" className="button" onClick={add}>
            Add payment details for {chosen}
          </button>
        </div>
      )}
    </div>
  );
}
