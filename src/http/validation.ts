/** A zod-openapi validation result, as the services' validation hooks see it. */
export interface ValidationResult {
  success: boolean;
  target?: string;
  error?: unknown;
}

/**
 * Formats a validation issue path the way Java-style APIs name fields: `order_lines[3].total_tax_amount`.
 *
 * @example
 * zodPath(['order_lines', 3, 'total_tax_amount']); // 'order_lines[3].total_tax_amount'
 */
export function zodPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || 'body';
}

/** One-line human explanation of validation issues, for the `X-Sandbox-Hint` header. */
export function describeIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  return hintText(issues.slice(0, 5).map((i) => `${zodPath(i.path)}: ${i.message}`).join('; '));
}

/**
 * Text fit for the `X-Sandbox-Hint` header: printable ASCII only (a header value is Latin-1, and
 * anything else would throw when the answer is built), at most 500 characters.
 *
 * @example
 * hintText('naïve'); // 'na?ve'
 */
export function hintText(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '?').slice(0, 500);
}
