/**
 * The new portal account's temporary password, shown once. It is not kept anywhere in the
 * app: closing this dialog forgets it, so it closes only on purpose (no click outside, no
 * Escape), after the user has copied or written it down.
 */
import { Alert, Button, Code, CopyButton, Group, Modal, Stack, Text } from '@mantine/core';

export interface Granted {
  personName: string;
  username: string;
  temporaryPassword: string;
}

export function TemporaryPasswordModal({ granted, onClose }: { granted: Granted | undefined; onClose: () => void }) {
  return (
    <Modal
      opened={!!granted}
      onClose={onClose}
      title="Portal access granted"
      closeOnClickOutside={false}
      closeOnEscape={false}
      withCloseButton={false}
    >
      {granted && (
        <Stack>
          <Text size="sm">
            {granted.personName} can now sign in to the patient portal as <strong>{granted.username}</strong> with this temporary password:
          </Text>
          <Group>
            <Code fz="lg" aria-label="Temporary password">
              {granted.temporaryPassword}
            </Code>
            <CopyButton value={granted.temporaryPassword}>
              {({ copied, copy }) => (
                <Button size="xs" variant="light" onClick={copy}>
                  {copied ? 'Copied' : 'Copy'}
                </Button>
              )}
            </CopyButton>
          </Group>
          <Alert color="blue" title="Shown only this once">
            Give it to {granted.personName} in person or by phone, never by email. They choose their own password at first sign-in. Once
            this dialog is closed, the password cannot be shown again; an administrator can reset it.
          </Alert>
          <Group justify="flex-end">
            <Button onClick={onClose} data-autofocus>
              I have noted it
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
