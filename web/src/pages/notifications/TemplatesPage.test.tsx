// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeServer } from '../../test/render.tsx';
import { meRoute, renderAdminPage } from '../admin/admin-test-kit.tsx';
import type { Channel, MessageKind, TemplateView } from './notifications-api.ts';
import TemplatesPage from './TemplatesPage.tsx';

afterEach(() => vi.unstubAllGlobals());

const KINDS: MessageKind[] = ['confirmation', 'reminder', 'rescheduled', 'cancelled'];
const CHANNELS: Channel[] = ['email', 'sms', 'whatsapp'];

function builtIn(language: string): TemplateView[] {
  return KINDS.flatMap((kind) =>
    CHANNELS.map((channel) => {
      const text = {
        ...(channel === 'email' ? { subject: `${kind} subject (${language})` } : {}),
        body: `${kind} ${channel} text (${language}) {{start}}`,
      };
      return { kind, channel, language, ...text, overridden: false, default: text };
    }),
  );
}

describe('message templates', () => {
  it('edits a template: the server’s objection at the field, a preview, save, and reset to the built-in text', async () => {
    let templates = [...builtIn('en'), ...builtIn('de')];
    const saves: unknown[] = [];
    const server = fakeServer({
      ...meRoute(['admin']),
      'GET /api/v1/notifications/templates': () => ({
        body: {
          templates,
          languages: ['de', 'en'],
          builtInLanguages: ['de', 'en'],
          placeholders: [
            { name: 'start', description: 'date and time' },
            { name: 'patientName', description: "the patient's name" },
          ],
        },
      }),
      'POST /api/v1/notifications/templates/preview': (init) => {
        const body = JSON.parse(String(init!.body));
        if (body.body.includes('{{doctor}}'))
          return {
            status: 422,
            body: {
              error: {
                code: 'invalid-resource',
                message: 'The template has a problem',
                details: [{ field: 'body', message: 'uses an unknown placeholder {{doctor}}; known: {{start}}' }],
              },
            },
          };
        return { body: { text: body.body.replace('{{start}}', 'Montag, 4. Mai 2026 um 09:30'), language: body.language } };
      },
      'PUT /api/v1/notifications/templates/reminder/sms/de': (init) => {
        const body = JSON.parse(String(init!.body));
        saves.push(body);
        templates = templates.map((t) =>
          t.language === 'de' && t.kind === 'reminder' && t.channel === 'sms' ? { ...t, body: body.body, overridden: true } : t,
        );
        return { body: { kind: 'reminder', channel: 'sms', language: 'de', body: body.body, overridden: true } };
      },
      'DELETE /api/v1/notifications/templates/reminder/sms/de': () => {
        templates = templates.map((t) =>
          t.language === 'de' && t.kind === 'reminder' && t.channel === 'sms' ? { ...t, ...t.default, overridden: false } : t,
        );
        return { status: 204 };
      },
    });
    vi.stubGlobal('fetch', server.fetch);
    renderAdminPage(<TemplatesPage />, { path: '/admin/notifications/templates', route: '/admin/notifications/templates?language=de' });
    const user = userEvent.setup();

    const table = await screen.findByRole('table', { name: /Templates in/ });
    expect(within(table).getAllByRole('row')).toHaveLength(1 + 12);
    expect(within(table).getByText('reminder sms text (de) {{start}}')).toBeTruthy();
    await user.click(within(table).getByRole('button', { name: 'Edit the reminder by SMS' }));

    const dialog = await screen.findByRole('dialog', { name: 'Reminder by SMS (de)' });
    const text = within(dialog).getByRole('textbox', { name: /^Text/ });
    expect(within(dialog).queryByRole('textbox', { name: /^Subject/ })).toBeNull();
    await user.clear(text);
    await user.type(text, 'Bis bald bei {{{{doctor}}: {{{{start}}');
    await user.click(within(dialog).getByRole('button', { name: 'Preview' }));
    await waitFor(() => expect(text.getAttribute('aria-invalid')).toBe('true'));
    expect(within(dialog).getByText(/unknown placeholder \{\{doctor\}\}/)).toBeTruthy();

    await user.clear(text);
    await user.type(text, 'Bis bald: {{{{start}}');
    await user.click(within(dialog).getByRole('button', { name: 'Preview' }));
    expect((await within(dialog).findByTestId('template-preview')).textContent).toBe('Bis bald: Montag, 4. Mai 2026 um 09:30');

    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Reminder by SMS (de)' })).toBeNull());
    expect(saves).toEqual([{ body: 'Bis bald: {{start}}' }]);
    expect(await within(table).findByText('Your text')).toBeTruthy();

    await user.click(within(table).getByRole('button', { name: 'Edit the reminder by SMS' }));
    const again = await screen.findByRole('dialog', { name: 'Reminder by SMS (de)' });
    await user.click(within(again).getByRole('button', { name: 'Reset to the built-in text' }));
    const confirm = await screen.findByRole('dialog', { name: 'Reset to the built-in text?' });
    await user.click(within(confirm).getByRole('button', { name: 'Reset' }));
    await waitFor(() => expect(within(table).queryByText('Your text')).toBeNull());
    expect(server.calls.filter((c) => c.method === 'DELETE').map((c) => c.url)).toEqual([
      '/api/v1/notifications/templates/reminder/sms/de',
    ]);
  });
});
