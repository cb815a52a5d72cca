/**
 * The development adapter: nothing leaves the server. The message is kept in the outbox
 * table (the notification worker writes the row with status 'held'), where an administrator
 * reads it on the Outbox screen. Used for every channel without a configured mail server or
 * provider, so a fresh install shows exactly what patients would receive.
 */
import { randomUUID } from 'node:crypto';
import type { ChannelAdapter, OutgoingMessage, SendResult } from './channel.ts';

export class OutboxChannel implements ChannelAdapter {
  readonly transport = 'outbox' as const;
  constructor(readonly from?: string) {}

  async send(_message: OutgoingMessage): Promise<SendResult> {
    return { providerId: `outbox-${randomUUID()}`, status: 'held' };
  }
}
