/**
 * Keeps the keyboard on the tab list when a tab is chosen. Choosing a tab changes the path,
 * and the app frame remounts the page on every path change (AppLayout keys its error boundary
 * by the path), which drops the focus to the document: the next arrow key would do nothing.
 * The chosen tab is remembered here, outside React, and focused again once the chart is drawn.
 */
export const CHART_TABS_ID = 'chart-tabs';

let pending: string | null = null;

export function rememberTabFocus(value: string): void {
  pending = value;
}

/** Focuses the remembered tab, once; true when it did. */
export function restoreTabFocus(): boolean {
  if (!pending) return false;
  const el = document.getElementById(`${CHART_TABS_ID}-tab-${pending}`);
  pending = null;
  el?.focus();
  return !!el;
}
