import type { ChecklistLine, LineMark, PageView } from '../backend';

/** What a checklist line shows: the clerk's mark, or what its pages say. */
export type LineState = 'received' | 'defective' | 'deferred' | 'data_check' | 'held_up' | 'missing' | 'pending';

export const markOf = (marks: Record<string, LineMark> | undefined, line: string): LineMark =>
  marks?.[line] ?? { mark: 'pending' };

const required = (l: ChecklistLine) => l.necessity === 'required' || l.necessity === 'conditional';

export function lineState(line: ChecklistLine, mark: LineMark, pages: PageView[]): LineState {
  if (mark.mark !== 'pending') return mark.mark;
  if (pages.some((p) => !p.passes)) return 'held_up';
  return required(line) ? 'missing' : 'pending';
}

/** Whether a line lets the case be accepted: supplied, or 容缺 deferred, or not required. */
export function satisfied(line: ChecklistLine, mark: LineMark): boolean {
  if (mark.mark === 'received' || mark.mark === 'data_check') return true;
  if (mark.mark === 'deferred') return line.necessity === 'tolerated';
  return !required(line) && mark.mark !== 'defective';
}

export function requiredCount(lines: ChecklistLine[], marks: Record<string, LineMark> | undefined) {
  const req = lines.filter(required);
  return { done: req.filter((l) => satisfied(l, markOf(marks, l.id))).length, total: req.length };
}

export const stateColor: Record<LineState, string> = {
  received: 'green',
  data_check: 'cyan',
  deferred: 'gold',
  defective: 'red',
  held_up: 'orange',
  missing: 'red',
  pending: 'default',
};

export const stateIcon: Record<LineState, string> = {
  received: '✔',
  data_check: '⇄',
  deferred: '○',
  defective: '✖',
  held_up: '◐',
  missing: '✖',
  pending: '…',
};
