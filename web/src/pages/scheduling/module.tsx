/**
 * The scheduling pages: their routes (lazy, so they load on demand) and navigation entries.
 * The app frame (app/routes.tsx, app/nav.ts) takes them from here.
 */
import type { RouteObject } from 'react-router';
import type { NavItem } from '../../app/nav.ts';

export const schedulingRoutes: RouteObject[] = [];

export const schedulingNav: readonly NavItem[] = [];
