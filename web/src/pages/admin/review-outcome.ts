/**
 * A break-glass review's outcome. The server stores a review as one free-text note
 * (POST /api/v1/admin/break-glass/:id/review {note}); it has no outcome field. The outcome
 * therefore leads the note ("Justified: …", "Not justified: …"), the convention the
 * server's own tests use, so it is kept with the review and can be read back.
 */

export type ReviewOutcome = 'justified' | 'not-justified';

export const OUTCOME_LABEL: Record<ReviewOutcome, string> = { justified: 'Justified', 'not-justified': 'Not justified' };

export function reviewNote(outcome: ReviewOutcome, note: string): string {
  return `${OUTCOME_LABEL[outcome]}: ${note.trim()}`;
}

/** The outcome a stored note starts with, and the rest; notes written otherwise have none. */
export function parseReviewNote(text: string | undefined): { outcome?: ReviewOutcome; note: string } {
  if (!text) return { note: '' };
  const m = /^(not justified|justified)\s*[:.\-–]\s*/i.exec(text);
  if (!m) return { note: text };
  return { outcome: m[1].toLowerCase() === 'justified' ? 'justified' : 'not-justified', note: text.slice(m[0].length) };
}
