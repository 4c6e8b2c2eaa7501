'use client';

/**
 * Picks one customer among thousands: a text field to type part of a name, company or external
 * accounting id into, and the matching customers listed under it (lib/customer-search). A WAI-ARIA
 * combobox with a listbox popup and list autocomplete: typing lists the matches with the first one
 * highlighted, Enter picks the highlighted one; Down and Up open the list and move through it, Home
 * and End go to its first and last option once the arrows have moved into it (before that they move
 * in the text, as in any field), Escape closes the list, and a second Escape puts back the customer
 * picked. Focus stays in the field throughout (aria-activedescendant names the highlighted option).
 *
 * The value is the customer's id ('' for none), as the select this replaces had: `onChange` gets
 * the id picked, and with `name` a hidden input carries it in a form. The text typed is only a
 * search: leaving the field puts back the picked customer's name, so what it shows is what is
 * picked. Only the first matches are rendered, so thousands of customers stay fast.
 */
import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode, type Ref } from 'react';
import { CUSTOMER_MATCHES_SHOWN, customerLabel, indexCustomers, searchCustomers, type SearchableCustomer } from '@/lib/customer-search';

interface PickerOption {
  /** The customer's id, '' for the `noneLabel` option. */
  value: string;
  label: string;
  externalId: string;
}

export interface CustomerPickerProps {
  label: string;
  /** For a field whose label the layout gives already (a table's row): read by screen readers only. */
  hideLabel?: boolean;
  /** In the order to list them in (by name); active and inactive alike: inactive ones come last, marked. */
  customers: readonly SearchableCustomer[];
  /** The picked customer's id, or '' for none. */
  value: string;
  onChange: (customerId: string) => void;
  /** An option for no customer ("Skip these CDRs"), listed first while nothing is typed, and shown when the value is ''. */
  noneLabel?: string;
  /**
   * Nothing is picked yet, not even `noneLabel` (which `value` '' would otherwise show): the field
   * is empty, showing `placeholder`, no option is marked picked, and picking `noneLabel` is a pick.
   */
  nothingPicked?: boolean;
  /** Shown for a value not among `customers` (a link's customer not on this device yet). */
  missingLabel?: string;
  placeholder?: string;
  required?: boolean;
  disabled?: boolean;
  invalid?: boolean;
  describedBy?: string | undefined;
  /** The name of a hidden input holding the id, for a form. */
  name?: string;
  className?: string;
  inputRef?: Ref<HTMLInputElement>;
  /** Hints and messages under the field (give them ids and pass those as `describedBy`). */
  children?: ReactNode;
}

const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

export function CustomerPicker({
  label,
  hideLabel,
  customers,
  value,
  onChange,
  noneLabel,
  nothingPicked,
  missingLabel = '',
  placeholder,
  required,
  disabled,
  invalid,
  describedBy,
  name,
  className,
  inputRef,
  children,
}: CustomerPickerProps) {
  const id = useId();
  const inputId = `${id}-input`;
  const listboxId = `${id}-listbox`;
  const optionId = (index: number) => `${id}-option-${index}`;
  const listRef = useRef<HTMLUListElement>(null);

  // What is typed; null while the field shows the picked customer.
  const [query, setQuery] = useState<string | null>(null);
  const [expanded, setExpanded] = useState(false);
  // The highlighted option's index, -1 for none.
  const [active, setActive] = useState(-1);
  // The arrows have moved into the list: Home and End move there too, not in the text.
  const [inList, setInList] = useState(false);
  // The whole name in the field is selected (focus selects it, so typing replaces it).
  const [allSelected, setAllSelected] = useState(false);
  const open = expanded && !disabled;

  const index = useMemo(() => indexCustomers(customers), [customers]);
  const search = query ?? '';
  const matches = useMemo(() => searchCustomers(index, search, CUSTOMER_MATCHES_SHOWN), [index, search]);
  const options: PickerOption[] = useMemo(
    () => [
      ...(noneLabel !== undefined && search.trim() === '' ? [{ value: '', label: noneLabel, externalId: '' }] : []),
      ...matches.shown.map((c) => ({ value: c.id, label: customerLabel(c), externalId: c.externalId })),
    ],
    [noneLabel, search, matches],
  );
  const picked = customers.find((c) => c.id === value);
  const shown = query ?? (nothingPicked ? '' : picked ? customerLabel(picked) : value === '' ? (noneLabel ?? '') : missingLabel);
  const pickedIndex = nothingPicked ? -1 : options.findIndex((o) => o.value === value);
  // A focused field draws no ellipsis (Chromium), and focus stays here after a pick: a long name is
  // drawn over the field, cut with an ellipsis, until something is typed.
  const shownOver = query === null && shown !== '';

  // The arrow goes to the end of the field's text, which the browser lays out by its first letters
  // (dir="auto"): at the left for a name written right to left (globals.css picker-control). Read
  // from the browser, as CSS's :dir() is compiled for older browsers into a list of languages.
  const controlRef = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const control = controlRef.current;
    const field = control?.querySelector('input');
    if (control && field) control.dataset.textDirection = getComputedStyle(field).direction;
  }, [shown]);

  useEffect(() => {
    if (!open || active < 0) return;
    listRef.current?.children[active]?.scrollIntoView({ block: 'nearest' });
  }, [open, active]);

  function close() {
    setExpanded(false);
    setActive(-1);
    setInList(false);
  }

  function pick(option: PickerOption) {
    setQuery(null);
    close();
    if (option.value !== value || nothingPicked) onChange(option.value);
  }

  /** Opens the list with option `start` highlighted (-1: none). */
  function openAt(start: number) {
    setExpanded(true);
    setActive(Math.min(start, options.length - 1));
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    const last = options.length - 1;
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        if (!open) openAt(event.altKey ? -1 : pickedIndex >= 0 ? pickedIndex : 0);
        else if (!event.altKey) setActive(Math.min(active + 1, last));
        setInList(!event.altKey);
        break;
      case 'ArrowUp':
        event.preventDefault();
        if (!open) openAt(pickedIndex >= 0 ? pickedIndex : last);
        else setActive(Math.max(active - 1, 0));
        setInList(true);
        break;
      case 'Home':
      case 'End':
        if (!open || !inList || options.length === 0) return;
        event.preventDefault();
        setActive(event.key === 'Home' ? 0 : last);
        break;
      case 'Enter': {
        if (!open) return;
        // Picking does not also submit a form the field is in.
        event.preventDefault();
        const option = options[active];
        if (option) pick(option);
        else close();
        break;
      }
      case 'Escape':
        if (!open && query === null) return;
        // Only the list closes, not a dialog the field is in.
        event.preventDefault();
        event.stopPropagation();
        if (open) close();
        else setQuery(null);
        break;
      case 'ArrowLeft':
      case 'ArrowRight':
        setInList(false);
        break;
    }
  }

  const total = matches.shown.length + matches.more;
  const note = !open
    ? ''
    : total === 0
      ? search.trim() === ''
        ? 'No customers yet'
        : `No customer matches “${search.trim()}”`
      : matches.more > 0
        ? `${matches.more.toLocaleString('en-US')} more — keep typing`
        : '';
  const status = !open ? '' : matches.more > 0 ? `${plural(total, 'customer matches', 'customers match')}, the first ${matches.shown.length} listed` : plural(total, 'customer matches', 'customers match');

  return (
    <div className={`field picker${className ? ` ${className}` : ''}`}>
      <label htmlFor={inputId} className={hideLabel ? 'visually-hidden' : 'picker-label'}>
        {label}
      </label>
      <div className="picker-control" ref={controlRef}>
        <input
          id={inputId}
          ref={inputRef}
          type="text"
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={open}
          aria-controls={listboxId}
          aria-activedescendant={open && active >= 0 ? optionId(active) : undefined}
          aria-required={required || undefined}
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy}
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          dir="auto"
          placeholder={placeholder}
          disabled={disabled}
          value={shown}
          title={shownOver ? shown : undefined}
          data-shown-over={shownOver || undefined}
          onSelect={(e) => {
            const field = e.currentTarget;
            setAllSelected(field.value !== '' && field.selectionStart === 0 && field.selectionEnd === field.value.length);
          }}
          onChange={(e) => {
            setQuery(e.target.value);
            setExpanded(true);
            // The first match is highlighted as soon as something is typed: Enter picks it.
            setActive(e.target.value.trim() === '' ? -1 : 0);
            setInList(false);
          }}
          onKeyDown={onKeyDown}
          onClick={() => !open && openAt(pickedIndex)}
          // Typing replaces the name shown rather than adding to it.
          onFocus={(e) => {
            e.target.select();
            setAllSelected(e.target.value !== '');
          }}
          onBlur={() => {
            setQuery(null);
            setAllSelected(false);
            close();
          }}
        />
        {shownOver && (
          <span className="picker-shown" aria-hidden="true" dir="auto">
            <span data-testid="picker-shown" data-selected={allSelected || undefined}>
              {shown}
            </span>
          </span>
        )}
        {/* A press in the list keeps the focus in the field: it is not a blur that would close it first. */}
        <div className="picker-popup" hidden={!open} onMouseDown={(e) => e.preventDefault()}>
          <ul role="listbox" id={listboxId} aria-label="Customers" ref={listRef} hidden={!open || options.length === 0}>
            {open &&
              options.map((option, i) => (
                <li
                  key={option.value || 'none'}
                  id={optionId(i)}
                  role="option"
                  aria-selected={i === active}
                  className="picker-option"
                  data-picked={(!nothingPicked && option.value === value) || undefined}
                  onClick={() => pick(option)}
                >
                  <span className="picker-option-label" dir="auto">
                    {option.label}
                  </span>
                  {option.externalId && <span className="picker-option-ref">{option.externalId}</span>}
                </li>
              ))}
          </ul>
          {note && <p className="picker-note">{note}</p>}
        </div>
      </div>
      <span className="visually-hidden" role="status">
        {status}
      </span>
      {name && <input type="hidden" name={name} value={value} />}
      {children}
    </div>
  );
}
