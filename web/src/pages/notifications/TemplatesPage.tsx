/**
 * Message templates (/admin/notifications/templates, administrators): the text of each
 * appointment message, per kind (confirmation, reminder, moved, cancelled), channel (email,
 * SMS, WhatsApp) and language. Built-in English and German texts are the starting point;
 * an administrator's version replaces one, and a new language is added by writing its first
 * text. Patients get their own language, else its base ("de" for "de-AT"), else English.
 * The chosen language is in the URL.
 */
import { useState } from 'react';
import { Alert, Badge, Button, Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { PageLoading } from '../../layout/AppLayout.tsx';
import { CHANNEL_LABEL, KIND_LABEL, listTemplates, type Channel, type MessageKind, type TemplateView } from './notifications-api.ts';
import { TemplateEditor, type EditTarget } from './TemplateEditor.tsx';
import { ColumnHeads } from '../../components/ColumnHeads.tsx';

const KINDS = Object.keys(KIND_LABEL) as MessageKind[];
const CHANNELS = Object.keys(CHANNEL_LABEL) as Channel[];

function languageName(tag: string): string {
  try {
    const name = new Intl.DisplayNames([tag, 'en'], { type: 'language' }).of(tag);
    return name && name !== tag ? `${name} (${tag})` : tag;
  } catch {
    return tag;
  }
}

function canonical(tag: string): string | undefined {
  try {
    return Intl.getCanonicalLocales(tag.trim())[0];
  } catch {
    return undefined;
  }
}

export default function TemplatesPage() {
  const [params, setParams] = useSearchParams();
  const [editing, setEditing] = useState<EditTarget>();
  const [newLanguage, setNewLanguage] = useState('');
  const [languageError, setLanguageError] = useState<string>();
  const templates = useQuery({ queryKey: ['notifications', 'templates'], queryFn: ({ signal }) => listTemplates(signal) });
  const language = params.get('language') || 'en';

  if (templates.isPending) return <PageLoading />;
  if (templates.isError)
    return (
      <Alert color="red" role="alert" title="The templates could not be loaded">
        {templates.error.message}
      </Alert>
    );
  const data = templates.data;
  const languages = [...new Set([...data.languages, language])].sort();
  const find = (lang: string, kind: MessageKind, channel: Channel): TemplateView | undefined =>
    data.templates.find((t) => t.language === lang && t.kind === kind && t.channel === channel);

  const addLanguage = () => {
    const tag = canonical(newLanguage);
    if (!tag) {
      setLanguageError('Write a language tag like fr, es or pt-BR');
      return;
    }
    setLanguageError(undefined);
    setNewLanguage('');
    setParams({ language: tag });
  };

  return (
    <Stack>
      <Title order={1} size="h2">
        Message templates
      </Title>
      <Text c="dimmed">
        The texts patients receive about their appointments. Each patient gets their own language if it has a text here, else English.
        Changes apply to messages sent from now on.
      </Text>
      <Group align="flex-end" gap="md">
        <Select
          label="Language"
          data={languages.map((l) => ({ value: l, label: languageName(l) }))}
          value={language}
          onChange={(v) => v && setParams({ language: v })}
          allowDeselect={false}
          w={260}
        />
        <TextInput
          label="Add a language"
          placeholder="fr, es, pt-BR"
          value={newLanguage}
          onChange={(e) => setNewLanguage(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              addLanguage();
            }
          }}
          error={languageError}
          w={180}
        />
        <Button variant="default" onClick={addLanguage}>
          Add
        </Button>
      </Group>
      <Table.ScrollContainer minWidth={760}>
        <Table striped captionSide="top" verticalSpacing={6} fz="sm" layout="fixed">
          <Table.Caption>Templates in {languageName(language)}</Table.Caption>
          <ColumnHeads
            columns={[
              { label: 'Message', width: 130 },
              { label: 'Channel', width: 100 },
              { label: 'Subject or text' },
              { label: 'Text in use', width: 170 },
              { label: 'Edit', width: 80, hidden: true },
            ]}
          />
          <Table.Tbody>
            {KINDS.flatMap((kind) =>
              CHANNELS.map((channel) => {
                const own = find(language, kind, channel);
                const fallback = own ?? find('en', kind, channel);
                const shown = fallback?.subject ?? fallback?.body ?? '';
                return (
                  <Table.Tr key={`${kind}-${channel}`}>
                    <Table.Td>{KIND_LABEL[kind]}</Table.Td>
                    <Table.Td>{CHANNEL_LABEL[channel]}</Table.Td>
                    <Table.Td style={{ overflowWrap: 'anywhere' }}>{shown.length > 100 ? `${shown.slice(0, 99)}…` : shown}</Table.Td>
                    <Table.Td>
                      {own?.overridden ? (
                        <Badge variant="light" color="teal">
                          Your text
                        </Badge>
                      ) : own ? (
                        <Badge variant="light" color="gray">
                          Built in
                        </Badge>
                      ) : (
                        <Badge variant="light" color="yellow">
                          English used
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Button
                        size="compact-xs"
                        variant="default"
                        aria-label={`Edit the ${KIND_LABEL[kind].toLowerCase()} by ${CHANNEL_LABEL[channel]}`}
                        onClick={() =>
                          setEditing({
                            kind,
                            channel,
                            language,
                            ...(fallback?.subject !== undefined ? { subject: fallback.subject } : {}),
                            body: fallback?.body ?? '',
                            overridden: !!own?.overridden,
                            hasDefault: !!own?.default,
                          })
                        }
                      >
                        Edit
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                );
              }),
            )}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {editing && (
        <TemplateEditor
          key={`${editing.kind}-${editing.channel}-${editing.language}`}
          target={editing}
          placeholders={data.placeholders}
          onClose={() => setEditing(undefined)}
        />
      )}
    </Stack>
  );
}
