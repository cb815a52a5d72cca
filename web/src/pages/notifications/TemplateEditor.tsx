/**
 * Editing one message template: the subject (email) and the text with placeholders, a
 * preview with sample data (the server renders it exactly as it will send), save, and reset
 * to the built-in text. The server checks the placeholders; its objections appear at the
 * field they concern, and the draft is kept.
 */
import { useState } from 'react';
import { Alert, Button, Code, Group, Modal, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { applyServerErrors } from '../../components/server-errors.ts';
import { ConfirmModal } from '../admin/ConfirmModal.tsx';
import {
  CHANNEL_LABEL,
  KIND_LABEL,
  previewTemplate,
  resetTemplate,
  saveTemplate,
  type Channel,
  type MessageKind,
  type TemplateInput,
} from './notifications-api.ts';

export interface EditTarget {
  kind: MessageKind;
  channel: Channel;
  language: string;
  subject?: string;
  body: string;
  /** An administrator's version is in use (so it can be reset). */
  overridden: boolean;
  /** There is a built-in text in this language to go back to. */
  hasDefault: boolean;
}

interface Values {
  subject: string;
  body: string;
}

export function TemplateEditor({
  target,
  placeholders,
  onClose,
}: {
  target: EditTarget;
  placeholders: { name: string; description: string }[];
  onClose: () => void;
}) {
  const client = useQueryClient();
  const [banner, setBanner] = useState<string>();
  const [confirmReset, setConfirmReset] = useState(false);
  const [preview, setPreview] = useState<{ subject?: string; text: string }>();
  const email = target.channel === 'email';
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: { subject: target.subject ?? '', body: target.body },
    validate: {
      subject: (v) => (email && !v.trim() ? 'An email needs a subject' : null),
      body: (v) => (!v.trim() ? 'Write the text of the message' : null),
    },
  });
  const input = (v: Values): TemplateInput => ({
    kind: target.kind,
    channel: target.channel,
    language: target.language,
    ...(email ? { subject: v.subject } : {}),
    body: v.body,
  });
  const done = () => void client.invalidateQueries({ queryKey: ['notifications', 'templates'] });
  const save = useMutation({
    mutationFn: (v: Values) => saveTemplate(input(v)),
    onSuccess: () => {
      done();
      onClose();
    },
    onError: (err) => setBanner(applyServerErrors(form, err)),
  });
  const show = useMutation({
    mutationFn: (v: Values) => previewTemplate(input(v)),
    onSuccess: (r) => setPreview(r),
    onError: (err) => {
      setPreview(undefined);
      setBanner(applyServerErrors(form, err));
    },
  });
  const reset = useMutation({
    mutationFn: () => resetTemplate(target),
    onSuccess: () => {
      done();
      setConfirmReset(false);
      onClose();
    },
  });

  const title = `${KIND_LABEL[target.kind]} by ${CHANNEL_LABEL[target.channel]} (${target.language})`;
  return (
    <Modal opened onClose={onClose} title={title} size="xl" closeButtonProps={{ 'aria-label': 'Close' }}>
      <form
        noValidate
        onSubmit={form.onSubmit((v) => {
          setBanner(undefined);
          save.mutate(v);
        })}
      >
        <Stack>
          {banner && (
            <Alert color="red" role="alert">
              {banner}
            </Alert>
          )}
          {email && <TextInput label="Subject" required {...form.getInputProps('subject')} />}
          <Textarea
            label="Text"
            required
            autosize
            minRows={email ? 8 : 3}
            maxRows={20}
            description={email ? 'Plain text; the calendar entry is attached.' : 'Plain text; keep it short (an SMS holds 160 characters).'}
            {...form.getInputProps('body')}
          />
          <details>
            <summary>
              <Text span size="sm">
                Placeholders you can use
              </Text>
            </summary>
            <Stack gap={2} mt="xs">
              {placeholders.map((p) => (
                <Text key={p.name} size="sm">
                  <Code>{`{{${p.name}}}`}</Code> {p.description}
                </Text>
              ))}
            </Stack>
          </details>
          {preview && (
            <Stack gap={4} aria-live="polite">
              <Text fw={600} size="sm">
                Preview with sample data
              </Text>
              {preview.subject !== undefined && (
                <Text size="sm">
                  <strong>Subject:</strong> {preview.subject}
                </Text>
              )}
              <Text size="sm" p="sm" bg="gray.0" style={{ whiteSpace: 'pre-wrap', borderRadius: 4 }} data-testid="template-preview">
                {preview.text}
              </Text>
            </Stack>
          )}
          <Group justify="space-between">
            <Group gap="xs">
              {target.overridden && (
                <Button variant="subtle" color="red" onClick={() => setConfirmReset(true)}>
                  {target.hasDefault ? 'Reset to the built-in text' : 'Remove this text'}
                </Button>
              )}
            </Group>
            <Group gap="xs">
              <Button
                variant="default"
                loading={show.isPending}
                onClick={() => {
                  setBanner(undefined);
                  form.clearErrors();
                  show.mutate(form.getValues());
                }}
              >
                Preview
              </Button>
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
              <Button type="submit" loading={save.isPending}>
                Save
              </Button>
            </Group>
          </Group>
        </Stack>
      </form>
      <ConfirmModal
        opened={confirmReset}
        title={target.hasDefault ? 'Reset to the built-in text?' : 'Remove this text?'}
        confirmLabel={target.hasDefault ? 'Reset' : 'Remove'}
        pending={reset.isPending}
        error={reset.error?.message}
        onConfirm={() => reset.mutate()}
        onCancel={() => setConfirmReset(false)}
      >
        {target.hasDefault
          ? 'Your version of this message is deleted and the built-in text is used again.'
          : 'Your version of this message is deleted; messages in this language then use the English text.'}
      </ConfirmModal>
    </Modal>
  );
}
