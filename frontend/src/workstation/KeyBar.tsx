import { useI18n, type MessageKey } from '../i18n';

export interface KeyDef {
  key: string;
  label: MessageKey;
  enabled: boolean;
}

export function KeyBar({ keys, onPress }: { keys: KeyDef[]; onPress: (key: string) => void }) {
  const { t } = useI18n();
  return (
    <div className="ow-keybar" data-testid="key-bar">
      {keys.map((k) => (
        <button
          key={k.key}
          type="button"
          className="ow-key"
          data-testid={`key-${k.key}`}
          disabled={!k.enabled}
          title={k.enabled ? undefined : t('key.notYet')}
          onClick={() => onPress(k.key)}
        >
          <kbd>{k.key}</kbd> {t(k.label)}
        </button>
      ))}
    </div>
  );
}
