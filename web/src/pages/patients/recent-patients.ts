/**
 * The patients this user opened lately, in this browser, for one-click return. Only ids
 * and the display shown in lists are kept (no clinical data), and the list is per user.
 */
export interface RecentPatient {
  id: string;
  name: string;
  birthDate?: string;
  mrn?: string;
  openedAt: string;
}

const MAX = 10;
const key = (userId: string) => `hale:recent-patients:${userId}`;

export function recentPatients(userId: string): RecentPatient[] {
  try {
    return JSON.parse(localStorage.getItem(key(userId)) ?? '[]') as RecentPatient[];
  } catch {
    return [];
  }
}

export function rememberPatient(userId: string, patient: Omit<RecentPatient, 'openedAt'>): void {
  const rest = recentPatients(userId).filter((p) => p.id !== patient.id);
  localStorage.setItem(key(userId), JSON.stringify([{ ...patient, openedAt: new Date().toISOString() }, ...rest].slice(0, MAX)));
}
