import { useEffect, useRef } from 'react';

/** Alt+`letter` runs `act` while `on` (by the key's position, so it works with any input method). */
export function useAltKey(letter: string, on: boolean, act: () => void) {
  const latest = useRef(act);
  useEffect(() => {
    latest.current = act;
  });
  useEffect(() => {
    if (!on) return;
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.code !== `Key${letter}`) return;
      e.preventDefault();
      latest.current();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [letter, on]);
}
