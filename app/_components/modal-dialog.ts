'use client';

import { useEffect, useRef, type SyntheticEvent } from 'react';

/**
 * Opens a <dialog> as a modal when it mounts, and when it unmounts puts the keyboard focus back on
 * what had it before (the button that opened it). The dialogs here close by unmounting, which the
 * browser's own focus return on close() does not cover: focus fell to the page's body.
 */
export function useModalDialog() {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      if (opener?.isConnected) opener.focus();
    };
  }, []);
  return ref;
}

/**
 * Escape and Cancel of a dialog that holds what the user typed, which lives in the dialog alone:
 * while `changed`, they ask `question` first, as leaving a form with unsaved edits does
 * (useLeaveWarning); staying keeps what was typed. Untouched, they just close. `close` is for the
 * dialog's Cancel button, `onCancel` for the <dialog>'s cancel event (Escape).
 */
export function askBeforeClosing(changed: boolean, question: string, onClose: () => void) {
  const close = () => {
    if (changed && !window.confirm(question)) return;
    onClose();
  };
  return {
    close,
    onCancel: (event: SyntheticEvent<HTMLDialogElement>) => {
      event.preventDefault();
      close();
    },
  };
}
