import type { MessageKey } from '../i18n';
import type { TimeLimit } from '../backend';

export function limitText(t: (k: MessageKey, v?: Record<string, string | number>) => string, l: TimeLimit): string {
  return t(`limit.${l.unit}` as MessageKey, { n: l.amount });
}
