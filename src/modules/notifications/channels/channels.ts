/**
 * Which adapter each channel uses, from the configuration: SMTP for email when
 * HALE_SMTP_URL is set, the HTTP provider for SMS / WhatsApp when HALE_SMS_URL and that
 * channel's sender are set; the outbox for the rest.
 */
import type { NotificationsConfig } from '../../../config.ts';
import type { Channel } from '../notification-terms.ts';
import type { ChannelAdapter } from './channel.ts';
import { HttpSmsChannel } from './http-sms-channel.ts';
import { OutboxChannel } from './outbox-channel.ts';
import { SmtpChannel } from './smtp-channel.ts';

export type ChannelSet = Record<Channel, ChannelAdapter>;

export function channelsFor(config: NotificationsConfig): ChannelSet {
  const sms = config.sms;
  return {
    email: config.smtpUrl ? new SmtpChannel(config.smtpUrl, config.mailFrom) : new OutboxChannel(config.mailFrom),
    sms: sms?.smsFrom ? new HttpSmsChannel(sms, sms.smsFrom, false) : new OutboxChannel(sms?.smsFrom),
    whatsapp: sms?.whatsappFrom ? new HttpSmsChannel(sms, sms.whatsappFrom, true) : new OutboxChannel(sms?.whatsappFrom),
  };
}

export function closeChannels(set: ChannelSet): void {
  for (const c of Object.values(set)) c.close?.();
}
