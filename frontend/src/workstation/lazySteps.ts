import { lazy } from 'react';

// The steps are not on the first screen (no case is open yet): their code loads once that
// screen is painted (`preloadSteps`), which keeps the start-up bundle smaller.
const load = () => import('./StepArea');

export const StepArea = lazy(() => load().then((m) => ({ default: m.StepArea })));

export function preloadSteps() {
  void load();
}
