import { useCallback, useState } from 'react';

/** `useState` for data the desk sends again and again: a value equal to the current one (as
 *  JSON) is not set, so an answer that changes nothing renders nothing. At start-up the screen's
 *  subscriptions ask again for what the first render already shows. */
export function useSame<T>(initial: T): [T, (next: T) => void] {
  const [value, setValue] = useState(initial);
  const set = useCallback(
    (next: T) => setValue((current) => (JSON.stringify(current) === JSON.stringify(next) ? current : next)),
    [],
  );
  return [value, set];
}
