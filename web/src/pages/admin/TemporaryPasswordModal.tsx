/**
 * Shows a temporary password the one time the server returns it (new account, reset).
 * It is never stored or fetched again, so the dialog closes only by an explicit button,
 * not by Escape or a stray click outside.
 */
import { Alert, Button, Code, CopyButton, Group, Modal, Stack, Text } from '@mantine/core';

export function TemporaryPasswordModal({
  username,
  password,
  onClose,
}: {
  username: string;
  password: string | undefined;
  onClose: () => void;
}) {
  return (
    <Modal
      opened={!!password}
      onClose={onClose}
      title={`Temporary password for ${username}`}
      closeOnEscape={false}
      closeOnClickOutside={false}
      withCloseButton={false}
      size="md"
    >
      <Stack>
        <Alert color="red" role="alert" title="Shown this once">
          Copy it now and give it to the person in a safe way (in person or by phone, not by e-mail). It cannot be shown again; if it is
          lost, reset the password. They must choose their own password at first sign-in.
        </Alert>
        <Text size="sm">Temporary password:</Text>
        <Code block fz="xl" data-testid="temporary-password">
          {password}
        </Code>
        <Group justify="space-between">
          <CopyButton value={password ?? ''} timeout={3000}>
            {({ copied, copy }) => (
              <Button variant="light" onClick={copy} aria-live="polite">
                {copied ? 'Copied' : 'Copy password'}
              </Button>
            )}
          </CopyButton>
          <Button onClick={onClose}>I have passed it on</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
