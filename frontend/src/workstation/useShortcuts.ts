import { useEffect, useRef } from 'react';

export type ShortcutMap = Record<string, (e: KeyboardEvent) => void>;

/** `Ctrl+N`, `Alt+1`, `F2`, `Escape`… as written in the key bar. */
export function keyName(e: KeyboardEvent): string {
  const mods = [e.ctrlKey ? 'Ctrl' : '', e.altKey ? 'Alt' : '', e.shiftKey && e.key.length > 1 ? 'Shift' : '']
    .filter(Boolean)
    .join('+');
  const key = e.key.length === 1 ? e.key.toUpperCase() : e.key;
  // Alt+digit reports the digit in `code` even on layouts where `key` differs.
  const k = e.altKey && /^Digit\d$/.test(e.code) ? e.code.slice(5) : key;
  return mods ? `${mods}+${k}` : k;
}

/** One window-wide key handler; the latest map is always used without re-binding. */
export function useShortcuts(map: ShortcutMap) {
  const ref = useRef(map);
  useEffect(() => {
    ref.current = map;
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const fn = ref.current[keyName(e)];
      if (fn) {
        e.preventDefault();
        fn(e);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
