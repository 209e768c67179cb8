// First: asks the desk for the first screen's data before React and antd are set up.
import { early, scriptStarted } from './backend/early';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, whenArrived, type Arrived } from './App';
import { BackendProvider, createTauriBackend } from './backend';
import './styles.css';

// The desk has usually answered by the time the script is set up: the clerk's screen is then the
// first thing rendered (a loading screen first costs a render and a frame). If the answer takes
// longer than this, the loading screen is rendered and waits for it.
const QUICK_MS = 150;

const root = document.getElementById('root');
if (root) {
  const backend = createTauriBackend(early);
  const arrival = whenArrived(backend.firstScreen());
  const quick = new Promise<undefined>((done) => window.setTimeout(done, QUICK_MS));
  void Promise.race<Arrived | undefined>([arrival, quick]).then((arrived) =>
    createRoot(root).render(
      <StrictMode>
        <BackendProvider backend={backend}>
          <App early={{ arrival, arrived, scriptAt: scriptStarted }} />
        </BackendProvider>
      </StrictMode>,
    ),
  );
}
