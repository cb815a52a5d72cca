/**
 * Message templates: the administrators' versions (notification_template, migration 0012)
 * over the built-in texts. Which text a message uses: the patient's language, then its base
 * language ('de' for 'de-AT'), then English; at each step an administrator's version wins
 * over the built-in one.
 */
import type { Queryable } from '../../db/types.ts';
import { BUILT_IN_LANGUAGES, defaultTemplate, type TemplateText } from './default-templates.ts';
import type { Channel, MessageKind } from './notification-terms.ts';

export interface StoredTemplate extends TemplateText {
  kind: MessageKind;
  channel: Channel;
  language: string;
  updatedAt: string;
  updatedBy: string;
}

interface Row {
  kind: MessageKind;
  channel: Channel;
  language: string;
  subject: string | null;
  body: string;
  updated_at: string | Date;
  updated_by: string;
}

const fromRow = (r: Row): StoredTemplate => ({
  kind: r.kind,
  channel: r.channel,
  language: r.language,
  ...(r.subject !== null ? { subject: r.subject } : {}),
  body: r.body,
  updatedAt: new Date(r.updated_at).toISOString(),
  updatedBy: r.updated_by,
});

export async function storedTemplates(db: Queryable): Promise<StoredTemplate[]> {
  const r = await db.query<Row>('SELECT * FROM notification_template ORDER BY language, kind, channel');
  return r.rows.map(fromRow);
}

export async function saveTemplate(
  db: Queryable,
  t: { kind: MessageKind; channel: Channel; language: string; subject?: string; body: string },
  by: string,
): Promise<StoredTemplate> {
  const r = await db.query<Row>(
    `INSERT INTO notification_template (kind, channel, language, subject, body, updated_by) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (kind, channel, language) DO UPDATE SET subject = EXCLUDED.subject, body = EXCLUDED.body,
       updated_by = EXCLUDED.updated_by, updated_at = now()
     RETURNING *`,
    [t.kind, t.channel, t.language, t.subject ?? null, t.body, by],
  );
  return fromRow(r.rows[0]!);
}

/** True when there was a version to remove. */
export async function deleteTemplate(db: Queryable, kind: MessageKind, channel: Channel, language: string): Promise<boolean> {
  const r = await db.query('DELETE FROM notification_template WHERE kind = $1 AND channel = $2 AND language = $3', [
    kind,
    channel,
    language,
  ]);
  return r.rowCount > 0;
}

/** 'de-AT' -> ['de-AT', 'de', 'en']. */
export function languageChain(language: string | undefined): string[] {
  const chain: string[] = [];
  if (language) {
    chain.push(language);
    const base = language.split('-')[0]!;
    if (base !== language) chain.push(base);
  }
  chain.push('en');
  return [...new Set(chain)];
}

/** The text a message uses, and the language it is in. */
export async function resolveTemplate(
  db: Queryable,
  kind: MessageKind,
  channel: Channel,
  language: string | undefined,
): Promise<{ template: TemplateText; language: string }> {
  const chain = languageChain(language);
  const r = await db.query<Row>('SELECT * FROM notification_template WHERE kind = $1 AND channel = $2 AND language = ANY($3::text[])', [
    kind,
    channel,
    chain,
  ]);
  for (const lang of chain) {
    const own = r.rows.find((row) => row.language === lang);
    if (own) return { template: { ...(own.subject !== null ? { subject: own.subject } : {}), body: own.body }, language: lang };
    const builtIn = defaultTemplate(kind, channel, lang);
    if (builtIn) return { template: builtIn, language: lang };
  }
  // English is built in for every kind and channel.
  return { template: defaultTemplate(kind, channel, 'en')!, language: 'en' };
}

export { BUILT_IN_LANGUAGES };
