import type { MessageKey } from '../i18n';
import type { CaseStep } from '../backend';

export const STEPS: readonly CaseStep[] = ['applicant', 'item', 'materials', 'decision', 'paper', 'forward'];

export const stepLabel = (s: CaseStep): MessageKey => `step.${s}` as MessageKey;

export function nextStep(s: CaseStep): CaseStep {
  const i = STEPS.indexOf(s);
  return STEPS[Math.min(i + 1, STEPS.length - 1)] ?? s;
}
