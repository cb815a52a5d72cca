import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './app/app.css';
import { App } from './app/App.tsx';

// The server puts a fresh nonce on every tag it serves; Mantine's own style tags need it too.
const styleNonce = document.querySelector<HTMLMetaElement>('meta[property="csp-nonce"]')?.nonce || undefined;

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App styleNonce={styleNonce} />
  </StrictMode>,
);
