// The title row of a panel that opens in place of, or over, the others: its heading (focused when
// the panel opens, so a keyboard user lands on it) and the buttons that leave it.
import type { ReactNode, Ref } from 'react';

export function PanelTitle({ id, headingRef, title, children }: { id: string; headingRef: Ref<HTMLHeadingElement>; title: ReactNode; children: ReactNode }) {
  return (
    <div className="panel-title">
      <h2 id={id} tabIndex={-1} ref={headingRef}>
        {title}
      </h2>
      {children}
    </div>
  );
}
