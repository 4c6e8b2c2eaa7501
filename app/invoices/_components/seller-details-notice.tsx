import Link from 'next/link';

/**
 * Says what of the seller's own details an invoice goes out without (lib/seller-details
 * missingSellerDetailsNotice `text`), with the way to fill them in: a warning, not a stop, as a
 * clerk may issue or send it all the same. Nothing when nothing is missing. In a dialog
 * (`inDialog`) the way is said without a link: a modal dialog puts the keyboard on its first
 * control, which must stay the dialog's own (Cancel), not a link out of it.
 */
export function SellerDetailsNotice({ text, inDialog = false }: { text: string; inDialog?: boolean }) {
  if (!text) return null;
  return (
    <p className={inDialog ? 'warning' : 'card warning'} data-testid="seller-details-notice">
      {text} {inDialog ? 'Fill in My Account' : <Link href="/settings">Fill in My Account</Link>} in Settings.
    </p>
  );
}
