import type { PageView } from '../backend';
import { useI18n } from '../i18n';

/** The selected line's pages as thumbnails, in order; the selected one is outlined. */
export function PageStrip({ pages, selected, onSelect }: { pages: PageView[]; selected: number; onSelect: (i: number) => void }) {
  const { t } = useI18n();
  if (pages.length === 0) return <p className="ow-muted" data-testid="no-pages">{t('mat.noPages')}</p>;
  return (
    <ol className="ow-page-strip" data-testid="page-strip">
      {pages.map((p, i) => (
        <li key={p.id}>
          <button
            type="button"
            className={`ow-page-thumb${i === selected ? ' ow-selected' : ''}${p.passes ? '' : ' ow-fails'}`}
            data-testid="page-thumb"
            data-page={p.id}
            data-passes={p.passes}
            data-selected={i === selected}
            onClick={() => onSelect(i)}
          >
            {p.thumbnail ? <img src={p.thumbnail} alt={t('page.viewer', { n: i + 1 })} /> : <span className="ow-page-pdf">{t('page.pdf')}</span>}
            <span className="ow-page-no">
              {i + 1} {p.passes ? '✔' : '⚠'}
            </span>
          </button>
        </li>
      ))}
    </ol>
  );
}
