'use client';

/**
 * Labelled form controls with their validation message beside them. The message is linked with
 * aria-describedby and the control marked aria-invalid, so a screen reader announces both.
 */
import { useId, type ReactNode } from 'react';

interface FieldShellProps {
  label: string;
  /** The zod message for this field ("is required"); shown after the label ("Name is required"). */
  error?: string | undefined;
  hint?: ReactNode;
  className?: string;
  children: (control: { id: string; describedBy: string | undefined; invalid: boolean }) => ReactNode;
}

export function FieldShell({ label, error, hint, className, children }: FieldShellProps) {
  const id = useId();
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const describedBy = [error ? errorId : '', hint ? hintId : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children({ id, describedBy, invalid: Boolean(error) })}
      {hint && (
        <p className="field-hint" id={hintId}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={errorId}>
          {label} {error}
        </p>
      )}
    </div>
  );
}

interface TextFieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  hint?: ReactNode;
  type?: 'text' | 'email' | 'tel' | 'date' | 'number' | 'search';
  inputMode?: 'decimal' | 'numeric' | 'text' | 'email' | 'tel';
  required?: boolean;
  disabled?: boolean;
  autoComplete?: string;
  className?: string;
  min?: number | string;
  max?: number | string;
  /** Focus the field when it appears: for a form opened by a button, whose focus would stay behind. */
  autoFocus?: boolean;
}

export function TextField({ label, value, onChange, error, hint, type = 'text', inputMode, required, disabled, autoComplete, className, min, max, autoFocus }: TextFieldProps) {
  // Free text takes the direction of what is typed (an Arabic name or address from the right);
  // emails, phone numbers, dates and numbers stay left to right.
  const dir = type === 'text' || type === 'search' ? 'auto' : undefined;
  return (
    <FieldShell label={label} error={error} hint={hint} className={className}>
      {({ id, describedBy, invalid }) => (
        <input
          id={id}
          type={type}
          value={value}
          inputMode={inputMode}
          required={required}
          disabled={disabled}
          autoComplete={autoComplete ?? 'off'}
          min={min}
          max={max}
          autoFocus={autoFocus}
          dir={dir}
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </FieldShell>
  );
}

export function TextAreaField({ label, value, onChange, error, hint, rows = 3, className }: Omit<TextFieldProps, 'type'> & { rows?: number }) {
  return (
    <FieldShell label={label} error={error} hint={hint} className={className}>
      {({ id, describedBy, invalid }) => (
        <textarea id={id} value={value} rows={rows} dir="auto" aria-invalid={invalid || undefined} aria-describedby={describedBy} onChange={(e) => onChange(e.target.value)} />
      )}
    </FieldShell>
  );
}

export interface SelectOption {
  value: string;
  label: string;
}

/**
 * `wrapValue`: the chosen option is shown whole, over as many lines as it takes, for options longer
 * than a phone's field ("United States, Canada and Caribbean (+1)"): a closed <select> cuts its text
 * at its edge in every browser. The native select stays the control, transparent over the text shown
 * for it, so a tap anywhere on the field opens the device's own picker and the label, the keyboard
 * and a screen reader work as with any other select (the text shown is hidden from screen readers:
 * the select says it).
 */
export function SelectField({
  label,
  value,
  onChange,
  options,
  error,
  hint,
  disabled,
  className,
  wrapValue,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: readonly SelectOption[];
  error?: string | undefined;
  hint?: ReactNode;
  disabled?: boolean;
  className?: string;
  wrapValue?: boolean;
}) {
  return (
    <FieldShell label={label} error={error} hint={hint} className={className}>
      {({ id, describedBy, invalid }) => {
        const select = (
          <select id={id} value={value} disabled={disabled} aria-invalid={invalid || undefined} aria-describedby={describedBy} onChange={(e) => onChange(e.target.value)}>
            {options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        );
        if (!wrapValue) return select;
        return (
          <div className="select-wrap">
            <span className="select-shown" aria-hidden="true" data-testid="select-shown">
              {options.find((o) => o.value === value)?.label ?? ''}
            </span>
            {select}
          </div>
        );
      }}
    </FieldShell>
  );
}

export function CheckboxField({ label, checked, onChange, hint }: { label: string; checked: boolean; onChange: (checked: boolean) => void; hint?: ReactNode }) {
  const id = useId();
  return (
    <div className="field field-check">
      <input id={id} type="checkbox" checked={checked} aria-describedby={hint ? `${id}-hint` : undefined} onChange={(e) => onChange(e.target.checked)} />
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
    </div>
  );
}

/**
 * Moves focus to the first field marked invalid once React has drawn the errors: on a phone the
 * errors may be a screen away from the Save button, and focus brings the first into view.
 */
export function focusFirstInvalid(form: HTMLFormElement | null): void {
  requestAnimationFrame(() => form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
}

/** A save/refusal message: errors are alerts (announced at once), successes polite status. */
export function FormMessage({ message }: { message: { kind: 'ok' | 'error'; text: string } | null }) {
  return (
    <div role={message?.kind === 'error' ? 'alert' : 'status'} className={message?.kind === 'error' ? 'form-message error' : 'form-message ok'}>
      {message?.text}
    </div>
  );
}
