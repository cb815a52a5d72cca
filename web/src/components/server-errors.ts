/**
 * Puts the server's field-level errors next to the fields they concern. The server names
 * fields by their JSON path (`name.family`, `phones[1].value`); Mantine's form names them
 * `name.family`, `phones.1.value`. What no field claims is returned for a banner.
 */
import { ApiError } from '../api/http.ts';

interface SettableForm {
  setFieldError: (path: string, error: string) => void;
  getValues: () => unknown;
}

export function formPath(serverField: string): string {
  return serverField.replace(/\[(\d+)\]/g, '.$1').replace(/^\$\.|^body\./, '');
}

function hasPath(values: unknown, path: string): boolean {
  let node: unknown = values;
  for (const part of path.split('.')) {
    if (node === null || typeof node !== 'object' || !(part in (node as object))) return false;
    node = (node as Record<string, unknown>)[part];
  }
  return true;
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** A detail like "is required" reads as a sentence next to its field only when it says more than the field. */
function fieldText(error: ApiError, message: string): string {
  if (error.details.length === 1 && message.split(' ').length <= 3) return error.message;
  return capitalise(message);
}

/**
 * Sets each error the form can show; returns the message for the rest (or undefined when
 * every problem sits on a field). `aliases` maps server field names the form calls otherwise.
 */
export function applyServerErrors(form: SettableForm, error: unknown, aliases: Record<string, string> = {}): string | undefined {
  if (!(error instanceof ApiError)) return 'Something went wrong. Your entries are kept; try again.';
  const values = form.getValues();
  const unplaced: string[] = [];
  for (const detail of error.details) {
    const path = detail.field ? (aliases[detail.field] ?? formPath(detail.field)) : undefined;
    if (path && hasPath(values, path)) form.setFieldError(path, fieldText(error, detail.message));
    else unplaced.push(detail.field ? `${detail.field}: ${detail.message}` : detail.message);
  }
  if (!error.details.length) return error.message;
  return unplaced.length ? `${error.message}${unplaced.length ? ` (${unplaced.join('; ')})` : ''}` : undefined;
}
