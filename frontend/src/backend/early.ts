// main.tsx imports this module first, so it runs as soon as the page's script starts, before
// React and antd are set up: the desk answers in ~20 ms, and the first screen is drawn with its
// data, with no loading screen in between.
// Only main.tsx may import it (tests must not ask a desk that is not there).
import { askFirstScreen } from './startup';

/** When the page's script started, on the page's clock. */
export const scriptStarted = performance.now();

export const early = askFirstScreen();
