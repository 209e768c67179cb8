import '@testing-library/jest-dom/vitest';
// chart.js draws on a canvas: jsdom has none, the mock records the calls instead.
import 'vitest-canvas-mock';
import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';

afterEach(() => cleanup());

// The suite shares two cores with Rust builds: give async screens time to settle.
configure({ asyncUtilTimeout: 5000 });

// antd reads these browser APIs that jsdom lacks.
Object.defineProperty(window, 'matchMedia', {
  writable: true,
  value: (query: string) => ({
    matches: false,
    media: query,
    onchange: null,
    addListener: () => {},
    removeListener: () => {},
    addEventListener: () => {},
    removeEventListener: () => {},
    dispatchEvent: () => false,
  }),
});
window.requestAnimationFrame ??= (cb: FrameRequestCallback) => window.setTimeout(() => cb(performance.now()), 0);
// Popovers measure themselves; jsdom has no layout, so observing is a no-op.
window.ResizeObserver ??= class {
  observe() {}
  unobserve() {}
  disconnect() {}
};
