import { theme, type ThemeConfig } from 'antd';

const FONTS = "'Noto Sans CJK SC', 'Noto Sans SC', 'Microsoft YaHei', sans-serif";

/** The clerk's theme: compact, 15 px, one font family (as in styles.css: each name in antd's
 *  longer list is a lookup at first paint). `scripts/antd-css.ts` writes the components'
 *  styles for exactly this theme, so the app runs antd without generating styles at start-up. */
/** The class that carries the theme's CSS variables. The shell has it too, so our own CSS
 *  (status chips) can use them. */
export const CSS_VAR_CLASS = 'ow';

export const THEME: ThemeConfig = {
  algorithm: theme.compactAlgorithm,
  // A darker blue than antd's #1677ff: white on it reaches 4.5:1 (WCAG AA, GB/T 37668), which
  // the default misses on primary buttons.
  // Secondary text (labels, hints, empty states) and links dark enough for 4.5:1 on white and
  // on antd's light grey label cells; antd's #8c8c8c and #1677ff miss it (axe-core).
  token: {
    fontSize: 15,
    fontFamily: FONTS,
    colorPrimary: '#0958d9',
    colorLink: '#0958d9',
    colorTextTertiary: 'rgba(0, 0, 0, 0.62)',
    colorTextDescription: 'rgba(0, 0, 0, 0.62)',
  },
  // Plain `.ant-*` selectors and a fixed variables class, as in the generated files (the default
  // class comes from React's useId, which differs between the generator and the page).
  hashed: false,
  cssVar: { key: CSS_VAR_CLASS },
};
