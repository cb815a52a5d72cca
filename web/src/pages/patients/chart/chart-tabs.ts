/**
 * The chart's tabs, in order: the one list the chart page draws its tabs and routes from.
 * A later module (encounters, medications, results…) adds its tab here: a path under
 * /patients/:id, a label, the roles that may open it (as the server's role table says, so no
 * tab only answers 403) and its component, loaded when first opened.
 */
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { Role } from '../../../api/auth.ts';
import type { ChartSummary } from './chart-api.ts';
import { DOCUMENT_READERS } from './chart-roles.ts';

export interface ChartTabProps {
  patientId: string;
  summary: ChartSummary;
}

export interface ChartTab {
  /** The URL segment under /patients/:id; '' is the chart's own address. Also the tab's value. */
  path: string;
  label: string;
  roles: readonly Role[] | 'all';
  component: LazyExoticComponent<ComponentType<ChartTabProps>>;
}

export const CHART_TABS: readonly ChartTab[] = [
  { path: '', label: 'Summary', roles: 'all', component: lazy(() => import('./summary/SummaryTab.tsx')) },
  { path: 'changes', label: 'Changes', roles: 'all', component: lazy(() => import('./changes/ChangesTab.tsx')) },
  { path: 'documents', label: 'Documents', roles: DOCUMENT_READERS, component: lazy(() => import('./documents/DocumentsTab.tsx')) },
  { path: 'family', label: 'Family', roles: 'all', component: lazy(() => import('./family/FamilyTab.tsx')) },
  // Who may write the Patient (the preferences are kept on it).
  {
    path: 'messages',
    label: 'Messages',
    roles: ['admin', 'doctor', 'nurse', 'receptionist'],
    component: lazy(() => import('./messages/MessagesTab.tsx')),
  },
];

/** Mantine's tab value: the path, with a name for the empty one. */
export const tabValue = (tab: ChartTab) => tab.path || 'summary';

export const tabUrl = (patientId: string, tab: ChartTab) => `/patients/${patientId}${tab.path ? `/${tab.path}` : ''}`;
