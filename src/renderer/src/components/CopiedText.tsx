// What a Copy button last copied, shown in full: the person reads it here, and copies it by
// hand where the clipboard refused.
import { useShallow } from 'zustand/react/shallow';
import { useWorkbench } from '../store/context';

export function CopiedText() {
  const { copied, clearCopied } = useWorkbench(useShallow((s) => ({ copied: s.copied, clearCopied: s.clearCopied })));
  if (!copied) return null;
  return (
    <section className="copied" aria-label="Copied text">
      <div className="panel-title">
        <p role="status" className={copied.refused ? 'warn' : undefined}>
          {copied.refused ? `Not copied (${copied.refused}); select it here: ${copied.what}` : `Copied to the clipboard: ${copied.what}`}
        </p>
        <button type="button" onClick={clearCopied}>
          Hide copied text
        </button>
      </div>
      <pre tabIndex={0}>{copied.text}</pre>
    </section>
  );
}
