/**
 * What every delivery channel adapter does: take one message, hand it on, and say what the
 * provider called it. An adapter throws when the message was not accepted; the caller
 * records the failure and the job tries again later.
 */
import type { Channel } from '../notification-terms.ts';

export interface OutgoingMessage {
  channel: Channel;
  /** An email address, or a phone number in E.164 (+4930...). */
  to: string;
  subject?: string;
  text: string;
  attachment?: { filename: string; contentType: string; content: string };
}

export interface SendResult {
  /** The provider's id for the message (SMTP Message-ID, Twilio's SID), or the outbox's. */
  providerId: string;
  /** 'sent': handed to the provider; 'held': kept in the outbox, not sent anywhere. */
  status: 'sent' | 'held';
}

export interface ChannelAdapter {
  /** How messages leave: 'smtp', 'http' (an SMS/WhatsApp provider) or 'outbox' (kept for viewing). */
  readonly transport: 'smtp' | 'http' | 'outbox';
  /** The sender address or number this adapter uses, for the record. */
  readonly from?: string;
  send(message: OutgoingMessage): Promise<SendResult>;
  close?(): void;
}
