import { useEffect, useRef, useState } from 'react';

interface ConfirmButtonProps {
  /** Visible text of the first button, e.g. "Delete service". */
  label: string;
  /** The question asked before acting, e.g. "Delete service iPhoneService?". */
  question: string;
  confirmLabel?: string;
  onConfirm(): Promise<void> | void;
  disabled?: boolean;
}

/**
 * A destructive action asked twice, inline: a browser `confirm()` cannot be styled, is easy to
 * click through, and blocks the page, so the question appears next to the button instead.
 */
export function ConfirmButton({
  label,
  question,
  confirmLabel = 'Yes, delete',
  onConfirm,
  disabled,
}: ConfirmButtonProps) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) confirmRef.current?.focus();
  }, [asking]);
  if (!asking) {
    return (
      <button type="button" className="danger" onClick={() => setAsking(true)} disabled={disabled}>
        {label}
      </button>
    );
  }
  return (
    <span className="confirm" role="group" aria-label={question}>
      <span>{question}</span>
      <button
        ref={confirmRef}
        type="button"
        className="danger"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          try {
            await onConfirm();
          } finally {
            setBusy(false);
            setAsking(false);
          }
        }}
      >
        {confirmLabel}
      </button>
      <button type="button" className="secondary" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}
