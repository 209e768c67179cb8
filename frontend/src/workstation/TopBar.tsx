import { Button, Popover, Tooltip } from 'antd';
import { useI18n, type MessageKey } from '../i18n';
import { Chip, type ChipColor } from './Chip';
import { OnFirstUse } from './OnFirstUse';
import type { SignedPerson, AppInfo, CatalogInfo, DeviceState, DeviceStatus, OutboxSummary, ResultsSummary, StatusSnapshot } from '../backend';

function linkText(s: StatusSnapshot['backoffice']): { key: MessageKey; color: ChipColor; code?: string } {
  if (s === 'checking') return { key: 'link.checking', color: 'default' };
  if (s === 'online') return { key: 'link.online', color: 'success' };
  return { key: 'link.offline', color: 'error', code: s.offline.code };
}

const DEVICE_LOOK: Record<DeviceState['state'], { color: ChipColor; mark: string }> = {
  ready: { color: 'success', mark: '●' },
  card_present: { color: 'processing', mark: '▣' },
  reading: { color: 'processing', mark: '◐' },
  needs_mrz: { color: 'warning', mark: '▣' },
  offline: { color: 'error', mark: '✖' },
  error: { color: 'error', mark: '✖' },
  unplugged: { color: 'error', mark: '✖' },
  not_integrated: { color: 'default', mark: '○' },
  preview: { color: 'default', mark: '▤' },
  checking: { color: 'default', mark: '◌' },
};

function deviceHelp(d: DeviceStatus, t: (k: MessageKey) => string, errorMessage: (code: string, fallback: string) => string): string {
  const s = d.state;
  const reason = 'code' in s ? errorMessage(s.code, s.code) : '';
  if (s.state === 'not_integrated' || s.state === 'preview' || s.state === 'needs_mrz') return t(`device.help.${s.state}`);
  // A reader's help says what to do with the card; other devices' codes say it all.
  const reader = d.kind === 'card_reader' || d.kind === 'chip_reader';
  if (s.state === 'offline' || (!reader && reason)) return reason;
  if (s.state === 'unplugged' || s.state === 'error') return `${t(`device.help.${s.state}`)} (${reason})`;
  return t(`device.${s.state}` as MessageKey);
}

function Device({ d }: { d: DeviceStatus }) {
  const { t, errorMessage } = useI18n();
  const state = d.state.state;
  const { color, mark } = DEVICE_LOOK[state];
  const help = deviceHelp(d, t, errorMessage);
  const code = 'code' in d.state ? d.state.code : '';
  return (
    <OnFirstUse
      on="click"
      attach={(tag) => (
        <Popover content={<div style={{ maxWidth: 280 }}>{help}</div>} title={t(`device.${d.kind}` as MessageKey)} trigger="click" defaultOpen>
          {tag}
        </Popover>
      )}
    >
      <Chip
        color={color}
        data-testid={`device-${d.kind}`}
        data-state={state}
        data-code={code}
        data-simulated={d.simulated}
        className={d.simulated ? 'ow-chip-sim' : undefined}
        title={`${t(`device.${d.kind}` as MessageKey)} · ${t(`device.${state}` as MessageKey)}${d.simulated ? ` (${t('device.sim')})` : ''}`}
        style={{ cursor: 'pointer' }}
      >
        {mark} {t(`device.${d.kind}` as MessageKey)}
        {/* Ready is the normal case: its word is for screen readers; anything else is shown. */}
        <span className={state === 'ready' ? 'ow-sr-only' : undefined}> · {t(`device.${state}` as MessageKey)}</span>
      </Chip>
    </OnFirstUse>
  );
}

function CatalogTag({ catalog }: { catalog: CatalogInfo }) {
  const { t, errorMessage } = useI18n();
  const refused = catalog.refused;
  const where = refused?.details as { file?: string; item?: string | null; line?: number } | null | undefined;
  const tag = (
    <Chip color={refused ? 'warning' : 'default'} data-testid="catalog-version" data-refused={refused ? refused.code : ''}>
      {refused ? '⚠ ' : ''}
      {t('catalog.version', { v: catalog.version })}
    </Chip>
  );
  if (!refused) return tag;
  const detail = (
    <div style={{ maxWidth: 360 }} data-testid="catalog-refused">
      <p>{errorMessage(refused.code, refused.message)}</p>
      <p className="ow-muted">
        {where?.file} {where?.item ? `· ${where.item}` : ''} {where?.line ? `· ${t('catalog.line', { n: where.line })}` : ''}
      </p>
      <p>{t('catalog.keptOld')}</p>
    </div>
  );
  return (
    <OnFirstUse
      on="click"
      attach={(child) => (
        <Popover trigger="click" defaultOpen title={t('catalog.refused')} content={detail}>
          {child}
        </Popover>
      )}
    >
      <span style={{ cursor: 'pointer' }}>{tag}</span>
    </OnFirstUse>
  );
}

export function TopBar({
  info,
  person,
  onLock,
  onSignOut,
  status,
  catalog,
  onSimCard,
  outbox,
  onOpenSync,
  results,
  onOpenPickup,
}: {
  info: AppInfo;
  person: SignedPerson;
  onLock: () => void;
  onSignOut: () => void;
  status: StatusSnapshot;
  catalog: CatalogInfo | null;
  /** Sandbox only: opens the trainer's card picker. */
  onSimCard?: () => void;
  outbox: OutboxSummary;
  onOpenSync: () => void;
  results: ResultsSummary;
  onOpenPickup: () => void;
}) {
  const { t, locale, setLocale, errorMessage } = useI18n();
  const link = linkText(status.backoffice);
  return (
    <div className="ow-topbar" data-testid="top-bar" data-store-key={info.store_key}>
      <div className="ow-topbar-group ow-topbar-who">
        <strong className="ow-window">{t('top.window', { n: info.window_number })}</strong>
        <span data-testid="clerk" data-id={person.id}>
          {t('top.clerk', { name: person.name, id: person.id })}
        </span>
        {person.offline && (
          <OnFirstUse on="hover" attach={(tag) => <Tooltip title={t('top.offline.help')} defaultOpen>{tag}</Tooltip>}>
            <Chip color="warning" data-testid="offline-sign-in">
              {t('top.offline')}
            </Chip>
          </OnFirstUse>
        )}
        <span className="ow-topbar-hall" title={info.hall_name}>
          {info.hall_name}
        </span>
        {/* In sandbox the banner and the orange frame say 培训 already. */}
        {info.mode !== 'sandbox' && (
          <Chip color="blue" data-testid="mode-tag">
            {t(`mode.${info.mode}` as MessageKey)}
          </Chip>
        )}
        {info.store_key !== 'keyring' && (
          <OnFirstUse on="hover" attach={(tag) => <Tooltip title={t(`storeKey.${info.store_key}.help` as MessageKey)} defaultOpen>{tag}</Tooltip>}>
            <Chip color="warning" data-testid="store-key-warning">
              {t(`storeKey.${info.store_key}` as MessageKey)}
            </Chip>
          </OnFirstUse>
        )}
      </div>
      <div className="ow-topbar-group">
        {catalog && <CatalogTag catalog={catalog} />}
        <OnFirstUse on="hover" attach={(tag) => <Tooltip title={link.code ? errorMessage(link.code, link.code) : undefined} defaultOpen>{tag}</Tooltip>}>
          <Chip color={link.color} data-testid="link-state" data-state={link.key}>
            {t('top.backoffice')} · {t(link.key)}
          </Chip>
        </OnFirstUse>
        <Chip
          color={outbox.failed > 0 || outbox.blocked ? 'error' : outbox.waiting + outbox.sending > 0 ? 'warning' : 'default'}
          data-testid="outbox-count"
          data-blocked={outbox.blocked?.code ?? ''}
          data-pending={outbox.waiting + outbox.sending + outbox.failed}
          data-failed={outbox.failed}
          style={{ cursor: 'pointer' }}
          onClick={onOpenSync}
        >
          ↑ {t('outbox.pending', { n: outbox.waiting + outbox.sending + outbox.failed })}
          {outbox.failed > 0 ? ` · ${t('outbox.failedTag', { n: outbox.failed })}` : ''}
          {outbox.blocked ? ` · ⚠ ${t('outbox.blockedTag')}` : ''}
        </Chip>
        <Chip
          color={results.to_hand_out + results.returned > 0 ? 'green' : 'default'}
          data-testid="pickup-count"
          data-count={results.to_hand_out}
          data-returned={results.returned}
          style={{ cursor: 'pointer' }}
          onClick={onOpenPickup}
        >
          ⇩ {t('pickup.tag', { n: results.to_hand_out })}
          {results.returned > 0 ? ` · ${t('pickup.state.returned')} ${results.returned}` : ''}
        </Chip>
        {status.devices.map((d) => (
          <Device key={d.kind} d={d} />
        ))}
        {onSimCard && (
          <Button size="small" data-testid="sim-card-open" onClick={onSimCard}>
            {t('sim.open')}
          </Button>
        )}
        {/* The keys are in the title and F1's list: the bar must fit 1366 px on one line. */}
        <Button size="small" data-testid="lock" title="Ctrl+L" aria-keyshortcuts="Control+L" onClick={onLock}>
          {t('top.lock')}
        </Button>
        <Button size="small" data-testid="sign-out" title="Ctrl+Q" aria-keyshortcuts="Control+Q" onClick={onSignOut}>
          {t('top.signOut')}
        </Button>
        <Button
          size="small"
          data-testid="lang-switch"
          title={t('lang.switchTitle')}
          onClick={() => setLocale(locale === 'zh-CN' ? 'en' : 'zh-CN')}
        >
          {t('lang.switch')}
        </Button>
      </div>
    </div>
  );
}
