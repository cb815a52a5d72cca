/** The header's patient search box: Enter opens the search page with the text. "/" focuses it from anywhere. */
import { useEffect, useRef, useState } from 'react';
import { TextInput } from '@mantine/core';
import { useNavigate } from 'react-router';

export function PatientQuickSearch() {
  const navigate = useNavigate();
  const [text, setText] = useState('');
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement;
      if (e.key === '/' && !/^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName) && !target.isContentEditable) {
        e.preventDefault();
        ref.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return (
    <form
      role="search"
      onSubmit={(e) => {
        e.preventDefault();
        if (text.trim()) navigate(`/patients?q=${encodeURIComponent(text.trim())}`);
      }}
      style={{ flex: 1, maxWidth: 420 }}
    >
      <TextInput
        ref={ref}
        aria-label="Find a patient"
        placeholder="Find a patient: name, birth date, MRN, phone  ( / )"
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
      />
    </form>
  );
}
