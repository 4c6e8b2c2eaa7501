import type { ChangeEvent } from 'react';

/**
 * A file field drawn as a button, a tap target of 44 px, with the name of the file being worked on
 * beside it. The browser's own control is a small native button whose "No file chosen" stays after
 * the page has read the file (its value is cleared, so the same file can be chosen again). The input
 * is named by `label` and stays the real control: the keyboard focuses it inside the button, which
 * shows its focus ring (globals.css), and a tap on the button opens the file chooser.
 */
export function FileChoice({
  id,
  label,
  buttonText,
  chosen,
  accept,
  disabled,
  onChange,
}: {
  id: string;
  label: string;
  buttonText: string;
  /** The name of the file the page is working on, if any. */
  chosen: string | undefined;
  accept: string;
  disabled?: boolean;
  onChange: (event: ChangeEvent<HTMLInputElement>) => void;
}) {
  return (
    <div className="file-choice">
      <span className="field-label" id={`${id}-label`}>
        {label}
      </span>
      <div className="file-choice-row">
        <label className="button" aria-disabled={disabled || undefined}>
          {buttonText}
          <input id={id} type="file" accept={accept} className="visually-hidden" aria-labelledby={`${id}-label`} aria-describedby={`${id}-chosen`} onChange={onChange} disabled={disabled} />
        </label>
        <span id={`${id}-chosen`} className="file-choice-name" dir="auto" data-testid={`${id}-chosen`}>
          {chosen || 'No file chosen'}
        </span>
      </div>
    </div>
  );
}
