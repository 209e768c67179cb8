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
    // Hover and press darken rather than lighten: white text keeps 4.5:1 under the pointer too
    // (antd's derived hover blue fell to ~4:1 — axe-core found it on a hovered 打印 button).
    colorPrimaryHover: '#003eb3',
    colorPrimaryActive: '#002c8c',
    colorLink: '#0958d9',
    colorLinkHover: '#003eb3',
    // antd's #ff4d4f is 3.6:1 on white: a danger button's text (重置培训窗口) missed AA.
    colorError: '#cf1322',
    colorTextTertiary: 'rgba(0, 0, 0, 0.62)',
    colorTextDescription: 'rgba(0, 0, 0, 0.62)',
  },
  // Plain `.ant-*` selectors and a fixed variables class, as in the generated files (the default
  // class comes from React's useId, which differs between the generator and the page).
  hashed: false,
  cssVar: { key: CSS_VAR_CLASS },
};
