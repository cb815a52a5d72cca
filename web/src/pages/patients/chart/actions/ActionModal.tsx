/**
 * The frame of every chart action: a dialog with a form, the server's message when it
 * refuses, and one clearly named confirm button. The form's values live in the caller, so a
 * refused action keeps what the user typed, even across closing and reopening the dialog.
 */
import type { FormEvent, ReactNode } from 'react';
import { Alert, Button, Group, Modal, Stack } from '@mantine/core';

export function ActionModal({
  opened,
  onClose,
  title,
  error,
  errorTitle = 'Not done',
  busy,
  confirmLabel,
  confirmColor,
  onSubmit,
  children,
  size = 'md',
}: {
  opened: boolean;
  onClose: () => void;
  title: string;
  error?: string;
  /** The heading of the server's refusal. */
  errorTitle?: string;
  busy: boolean;
  confirmLabel: string;
  confirmColor?: string;
  onSubmit: (event?: FormEvent<HTMLFormElement>) => void;
  children: ReactNode;
  size?: string;
}) {
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={title}
      size={size}
      closeOnClickOutside={!busy}
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          {children}
          {error && (
            <Alert color="red" role="alert" title={errorTitle}>
              {error}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} disabled={busy}>
              Cancel
            </Button>
            <Button type="submit" color={confirmColor} loading={busy}>
              {confirmLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
