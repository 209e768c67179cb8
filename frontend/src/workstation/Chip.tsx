import type { HTMLAttributes } from 'react';

export type ChipColor = 'default' | 'success' | 'processing' | 'warning' | 'error' | 'orange' | 'blue' | 'green';

/** A status chip with antd's filled Tag look, drawn by CSS alone (`.ow-chip` in styles.css,
 *  coloured by the theme's variables). The top bar shows a dozen and redraws them on every status
 *  event: antd's Tag runs a whole component's hooks for each, which the first paint paid for. */
export function Chip({ color = 'default', className, ...rest }: HTMLAttributes<HTMLSpanElement> & { color?: ChipColor }) {
  return <span className={`ow-chip ow-chip-${color}${className ? ` ${className}` : ''}`} {...rest} />;
}
