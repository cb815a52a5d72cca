/**
 * Automatic log-off after the server's idle time, with a warning two minutes before.
 * The server counts idleness from the last request; a user typing a long form makes no
 * requests, so while the user is active the app tells the server at most once a minute.
 * Tabs share the last activity through localStorage, so work in one tab keeps all alive.
 */
import { useEffect, useRef, useState } from 'react';
import { Button, Group, Modal, Text } from '@mantine/core';
import { fetchMe } from '../api/auth.ts';
import { useSession } from './session-context.tsx';

const ACTIVITY_KEY = 'hale:last-activity';
const WARN_BEFORE_MS = 2 * 60_000;
const KEEPALIVE_EVERY_MS = 60_000;
const EVENTS = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;

function lastActivity(): number {
  return Number(localStorage.getItem(ACTIVITY_KEY) ?? Date.now());
}

export function IdleTimeout({ idleMinutes }: { idleMinutes: number }) {
  const { logOff } = useSession();
  const [secondsLeft, setSecondsLeft] = useState<number>();
  const lastPing = useRef(Date.now());
  const idleMs = idleMinutes * 60_000;

  useEffect(() => {
    const touch = () => localStorage.setItem(ACTIVITY_KEY, String(Date.now()));
    touch();
    for (const e of EVENTS) window.addEventListener(e, touch, { passive: true });
    const timer = window.setInterval(() => {
      const now = Date.now();
      const idleFor = now - lastActivity();
      if (idleFor >= idleMs) {
        void logOff(`You were signed out after ${idleMinutes} minutes without activity.`);
        return;
      }
      if (idleFor >= idleMs - WARN_BEFORE_MS) {
        setSecondsLeft(Math.ceil((idleMs - idleFor) / 1000));
        return;
      }
      setSecondsLeft(undefined);
      if (lastActivity() > lastPing.current && now - lastPing.current >= KEEPALIVE_EVERY_MS) {
        lastPing.current = now;
        void fetchMe().catch(() => undefined);
      }
    }, 1000);
    return () => {
      window.clearInterval(timer);
      for (const e of EVENTS) window.removeEventListener(e, touch);
    };
  }, [idleMs, idleMinutes, logOff]);

  const stay = () => {
    localStorage.setItem(ACTIVITY_KEY, String(Date.now()));
    lastPing.current = Date.now();
    setSecondsLeft(undefined);
    void fetchMe().catch(() => undefined);
  };

  const minutes = Math.floor((secondsLeft ?? 0) / 60);
  const seconds = String((secondsLeft ?? 0) % 60).padStart(2, '0');
  return (
    <Modal opened={secondsLeft !== undefined} onClose={stay} title="Are you still there?" centered closeOnClickOutside={false}>
      <Text role="timer" aria-live="polite">
        For the patients' privacy you will be signed out in {minutes}:{seconds} without activity.
      </Text>
      <Group mt="md" justify="flex-end">
        <Button variant="default" onClick={() => void logOff('You signed out.')}>
          Sign out now
        </Button>
        <Button onClick={stay} data-autofocus>
          Stay signed in
        </Button>
      </Group>
    </Modal>
  );
}
