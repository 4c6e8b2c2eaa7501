import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { IssueDialog } from './issue-dialog';

/** The dialog's words, as a screen reader or a clerk reads them (tags dropped). */
function dialogText(numberPrefix: string): string {
  const html = renderToStaticMarkup(
    <IssueDialog documentName="Invoice" customer="Globex Carrier" total="$20.00 (USD)" numberPrefix={numberPrefix} warnings={[]} onIssue={async () => null} onClose={() => {}} />,
  );
  return html.replace(/<[^>]*>/g, '');
}

describe('IssueDialog', () => {
  it('shows the series the number comes from as the server numbers it: the prefix without the spaces and control characters it was stored with', () => {
    expect(dialogText(' INV-\t')).toContain('It gets the next number in its series (INV-…) and can no longer be edited');
  });

  it('shows no series for numbers without a prefix, nor for a prefix that is only spaces', () => {
    expect(dialogText('')).toContain('It gets the next number in its series and can no longer be edited');
    expect(dialogText('  ')).toContain('It gets the next number in its series and can no longer be edited');
  });
});
