// The first screen's data, asked of the desk. Separate from `tauri.ts` so that `early.ts` can
// ask before the rest of the app's script is set up.
import { commands } from './bindings';

/** How many recent cases the first screen lists. */
export const RECENT_CASES = 20;

export type AskedFirstScreen = ReturnType<typeof commands.firstScreen>;

export function askFirstScreen(): AskedFirstScreen {
  return commands.firstScreen(RECENT_CASES);
}
