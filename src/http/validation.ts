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
  return issues.slice(0, 5).map((i) => `${zodPath(i.path)}: ${i.message}`).join('; ').replace(/[^\x20-\x7e]/g, '?').slice(0, 500);
}
