// The first screen's data, asked of the desk. Separate from `tauri.ts` so that `early.ts` can
// ask before the rest of the app's script is set up.
import { commands } from './bindings';

export type AskedStartup = {
  info: ReturnType<typeof commands.appInfo>;
  status: ReturnType<typeof commands.status>;
};

export function askStartup(): AskedStartup {
  return { info: commands.appInfo(), status: commands.status() };
}
