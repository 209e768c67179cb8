// The citizen's window (`display.citizen_screen`): a page of its own, so it loads nothing of
// the clerk's screen and can ask for nothing but the visit to rate.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BackendProvider, createTauriBackend } from './backend';
import { CitizenScreen } from './citizen/CitizenScreen';
import './generated/antd-shell.css';
import './generated/antd-lazy.css';
import './styles.css';

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <BackendProvider backend={createTauriBackend()}>
        <CitizenScreen />
      </BackendProvider>
    </StrictMode>,
  );
}
