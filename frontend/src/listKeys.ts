/** ↑ and ↓ move focus between the buttons of a list (Enter presses the focused one); at either
 *  end focus wraps round. For a list's `onKeyDown`. */
export function arrowsMoveFocus(e: React.KeyboardEvent) {
  if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
  e.preventDefault();
  const buttons = Array.from((e.currentTarget as HTMLElement).querySelectorAll<HTMLButtonElement>('button:not([disabled])'));
  const i = buttons.indexOf(document.activeElement as HTMLButtonElement);
  buttons[(i + (e.key === 'ArrowDown' ? 1 : buttons.length - 1)) % buttons.length]?.focus();
}
