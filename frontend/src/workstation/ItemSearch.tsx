import { Input, Tag } from 'antd';
import type { InputRef } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useBackend, type SearchHit } from '../backend';
import { useI18n } from '../i18n';

/** Search as the clerk types; ↑/↓ move, Enter chooses. Frequent items show before typing. */
export function ItemSearch({ onChoose }: { onChoose: (code: string) => void }) {
  const backend = useBackend();
  const { t } = useI18n();
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<SearchHit[]>([]);
  const [active, setActive] = useState(0);
  const ref = useRef<InputRef>(null);
  const seq = useRef(0);

  useEffect(() => ref.current?.focus(), []);

  useEffect(() => {
    const mine = ++seq.current;
    backend.searchItems(query, 12).then(
      (h) => {
        // A slow answer for an older query must not replace a newer one.
        if (mine === seq.current) {
          setHits(h);
          setActive(0);
        }
      },
      () => undefined,
    );
  }, [backend, query]);

  const onKey = (e: React.KeyboardEvent) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setActive((a) => Math.min(a + 1, hits.length - 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => Math.max(a - 1, 0));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const hit = hits[active];
      if (hit) onChoose(hit.code);
    }
  };

  return (
    <div className="ow-item-search">
      <Input
        ref={ref}
        size="large"
        data-testid="item-search"
        placeholder={t('item.search')}
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={onKey}
        allowClear
      />
      <div className="ow-muted ow-hint">{query.trim() === '' && hits.length > 0 ? t('item.frequent') : t('item.searchHint')}</div>
      <ul className="ow-hits" data-testid="item-hits" role="listbox">
        {hits.map((h, i) => (
          <li
            key={h.code}
            role="option"
            aria-selected={i === active}
            className={i === active ? 'ow-hit ow-hit-active' : 'ow-hit'}
            data-testid="item-hit"
            data-code={h.code}
            onMouseEnter={() => setActive(i)}
            onClick={() => onChoose(h.code)}
          >
            <Tag>{h.department_name}</Tag>
            <span className="ow-hit-name">{h.name}</span>
            <span className="ow-muted">{h.code}</span>
          </li>
        ))}
        {hits.length === 0 && query.trim() !== '' && <li className="ow-muted">{t('item.none')}</li>}
      </ul>
    </div>
  );
}
