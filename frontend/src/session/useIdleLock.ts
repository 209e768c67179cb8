import { useEffect, useRef } from 'react';
import { useBackend, type SessionView } from '../backend';

/** How often activity is reported to the desk (which also locks on its own when a command
 *  comes after the quiet time). */
const TOUCH_EVERY_MS = 20_000;

/** Locks the screen after `seconds` without a key press, click or wheel; reports activity to
 *  the desk now and then so its own idle clock agrees. */
export function useIdleLock(active: boolean, seconds: number, onLocked: (s: SessionView) => void) {
  const backend = useBackend();
  const last = useRef(0);
  const touched = useRef(0);
  const onLockedRef = useRef(onLocked);
  useEffect(() => {
    onLockedRef.current = onLocked;
  }, [onLocked]);
  useEffect(() => {
    if (!active) return;
    last.current = Date.now();
    const seen = () => {
      const now = Date.now();
      last.current = now;
      if (now - touched.current > TOUCH_EVERY_MS) {
        touched.current = now;
        void backend.touch().catch(() => undefined);
      }
    };
    const events = ['keydown', 'mousedown', 'wheel', 'touchstart'] as const;
    events.forEach((e) => window.addEventListener(e, seen, { capture: true, passive: true }));
    const timer = window.setInterval(() => {
      if (Date.now() - last.current >= seconds * 1000) {
        window.clearInterval(timer);
        backend.lock().then((s) => onLockedRef.current(s), () => undefined);
      }
    }, 500);
    return () => {
      events.forEach((e) => window.removeEventListener(e, seen, { capture: true }));
      window.clearInterval(timer);
    };
  }, [active, seconds, backend]);
}
