/**
 * A short confirmation after an action, in the corner. Mantine's notification close button
 * has no accessible name by default; every chart notification gets one here.
 */
import { notifications } from '@mantine/notifications';

export function notify(message: string, options: { color?: string; title?: string } = {}): void {
  notifications.show({
    message,
    color: options.color ?? 'teal',
    ...(options.title ? { title: options.title } : {}),
    closeButtonProps: { 'aria-label': 'Close the message' },
  });
}
