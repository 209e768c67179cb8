import { lazy, useState } from 'react';

// `later.ts` loads once the first screen is painted (`preloadLater`): a smaller start-up bundle
// is less script for the web view to parse and run before it paints.
const load = () => import('./later');

export const StepArea = lazy(() => load().then((m) => ({ default: m.StepArea })));
export const SyncPanel = lazy(() => load().then((m) => ({ default: m.SyncPanel })));
export const PickupPanel = lazy(() => load().then((m) => ({ default: m.PickupPanel })));
export const SimCardPicker = lazy(() => load().then((m) => ({ default: m.SimCardPicker })));
export const MrzEntry = lazy(() => load().then((m) => ({ default: m.MrzEntry })));
export const TransferDialog = lazy(() => load().then((m) => ({ default: m.TransferDialog })));
export const ScenarioPicker = lazy(() => load().then((m) => ({ default: m.ScenarioPicker })));
export const TrainingTray = lazy(() => load().then((m) => ({ default: m.TrainingTray })));
export const RatingScreen = lazy(() => load().then((m) => ({ default: m.RatingScreen })));

export function preloadLater() {
  void load();
}

/** True from the first time `open` is: a panel is mounted when first opened, and then kept so
 *  that it can animate closed. */
export function useOpenedOnce(open: boolean): boolean {
  const [opened, setOpened] = useState(open);
  if (open && !opened) setOpened(true);
  return opened || open;
}
