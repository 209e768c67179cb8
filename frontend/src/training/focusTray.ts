/** Alt+T on an open play: focus goes to the paper for the selected line (else the first not
 *  yet taken); Tab moves between papers, ↑ ↓ still choose the line, Enter takes the paper. */
export function focusTray(tray: HTMLElement | null, line: string | null) {
  const papers = Array.from(tray?.querySelectorAll<HTMLButtonElement>('button[data-paper]:not([disabled])') ?? []);
  (papers.find((b) => b.dataset.paper === line) ?? papers.find((b) => b.dataset.handed !== 'true') ?? papers[0])?.focus();
}
