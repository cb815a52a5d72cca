import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './app/app.css';
import { App } from './app/App.tsx';
import { setNonce } from 'get-nonce';

// The server puts a fresh nonce on every tag it serves; Mantine's own style tags need it too.
const styleNonce = document.querySelector<HTMLMetaElement>('meta[property="csp-nonce"]')?.nonce || undefined;
// Modals lock the page's scrolling with a style tag of their own (react-remove-scroll); it takes its nonce from here.
if (styleNonce) setNonce(styleNonce);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App styleNonce={styleNonce} />
  </StrictMode>,
);
