import { useState, type ReactElement, type ReactNode } from 'react';

/** Draws only `children` until the clerk first clicks them (`on="click"`, for a popover) or points
 *  at them (`on="hover"`, for a tooltip); then `attach(children)`, which opens at once. Each of those mounts a
 *  trigger, a portal and observers: the top bar holds several, and mounting them all cost the
 *  first paint time for hints most launches never show. */
export function OnFirstUse({
  on,
  children,
  attach,
}: {
  on: 'click' | 'hover';
  children: ReactElement;
  attach: (child: ReactElement) => ReactNode;
}) {
  const [used, setUsed] = useState(false);
  if (used) return attach(children);
  const use = () => setUsed(true);
  return (
    <span onClick={on === 'click' ? use : undefined} onMouseEnter={on === 'hover' ? use : undefined}>
      {children}
    </span>
  );
}
