// Shrinks a box's text, a step at a time down to a floor, until its content fits the box: a long
// caption and explanation stay inside the viewport instead of under the fold.
import { useLayoutEffect, type RefObject } from 'react';

const FLOOR = 0.6;
const STEP = 0.05;

export function useFitText(ref: RefObject<HTMLElement | null>, content: unknown): void {
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const fit = () => {
      let size = 1;
      el.style.fontSize = '1em';
      while (el.scrollHeight > el.clientHeight + 1 && size > FLOOR) {
        size = Math.max(FLOOR, size - STEP);
        el.style.fontSize = `${size}em`;
      }
    };
    fit();
    if (typeof ResizeObserver === 'undefined') return;
    const watch = new ResizeObserver(fit);
    watch.observe(el);
    return () => watch.disconnect();
  }, [ref, content]);
}
