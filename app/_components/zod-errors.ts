import type { z } from 'zod';

/**
 * A zod error as one message per field path ("contacts.1.email"), the first issue of each path,
 * so a form can show it beside the control the path names.
 */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join('.') || 'form';
    out[key] ??= issue.message;
  }
  return out;
}
