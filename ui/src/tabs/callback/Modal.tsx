import { useEffect, useId, useRef, type ReactNode } from 'react';

/**
 * The seed's "opens a new window": a native modal `<dialog>`, which keeps focus inside and closes
 * on Escape. `onClose` runs when it closes (Escape, the × button).
 */
export function Modal({
  title,
  onClose,
  children,
}: {
  title: string;
  onClose: () => void;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : undefined;
    if (dialog && !dialog.open) dialog.showModal();
    // No close() here: the dialog leaves the top layer with the page, and a close() would fire
    // `close` (so `onClose`) on StrictMode's rehearsal unmount. Focus goes back to the opener
    // however the dialog went away (closed, cancelled, or unmounted after a save).
    return () => {
      if (opener?.isConnected) opener.focus();
    };
  }, []);
  return (
    <dialog ref={ref} className="cb-modal" aria-labelledby={titleId} onClose={onClose}>
      <div className="cb-modal-head">
        <h2 id={titleId}>{title}</h2>
        <button type="button" className="secondary" aria-label="Close" onClick={() => ref.current?.close()}>
          ×
        </button>
      </div>
      {children}
    </dialog>
  );
}
