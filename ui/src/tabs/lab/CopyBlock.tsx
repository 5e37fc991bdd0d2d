import { useId, useRef, useState } from 'react';

/** The Clipboard API needs a secure context (https or localhost); elsewhere the old way still works. */
async function copyText(text: string, source: HTMLElement | null): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Denied (permissions, focus): fall through to the selection.
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.append(area);
  area.select();
  let copied = false;
  try {
    copied = document.execCommand('copy');
  } catch {
    copied = false;
  }
  area.remove();
  if (!copied && source) {
    // Last resort: leave the text selected for Ctrl+C.
    const range = document.createRange();
    range.selectNodeContents(source);
    const selection = window.getSelection();
    selection?.removeAllRanges();
    selection?.addRange(range);
  }
  return copied;
}

/** Text to paste somewhere else (cdk.json, a firewall request), with a Copy button. */
export function CopyBlock({ label, text }: { label: string; text: string }) {
  const id = useId();
  const pre = useRef<HTMLPreElement>(null);
  const [state, setState] = useState<'copied' | 'select' | undefined>();
  return (
    <div className="copy-block">
      <div className="copy-head">
        <span id={id} className="copy-label">
          {label}
        </span>
        <button
          type="button"
          className="secondary"
          aria-describedby={id}
          onClick={async () => {
            setState((await copyText(text, pre.current)) ? 'copied' : 'select');
            setTimeout(() => setState(undefined), 4000);
          }}
        >
          Copy
        </button>
        <span role="status" className="muted small">
          {state === 'copied' ? 'Copied.' : state === 'select' ? 'Selected: press Ctrl+C (⌘C) to copy.' : ''}
        </span>
      </div>
      <pre ref={pre} aria-labelledby={id} tabIndex={0}>
        {text}
      </pre>
    </div>
  );
}
