/** Drawn rather than emoji: the UI must not depend on an emoji font being installed. */
export function LockIcon() {
  return (
    <svg className="icon" viewBox="0 0 16 16" width="12" height="12" aria-hidden="true" focusable="false">
      <path
        fill="currentColor"
        d="M4 7V5a4 4 0 1 1 8 0v2h.5A1.5 1.5 0 0 1 14 8.5v5a1.5 1.5 0 0 1-1.5 1.5h-9A1.5 1.5 0 0 1 2 13.5v-5A1.5 1.5 0 0 1 3.5 7H4Zm2 0h4V5a2 2 0 1 0-4 0v2Z"
      />
    </svg>
  );
}

export function TrashIcon() {
  return (
    <svg className="icon" viewBox="0 0 16 16" width="13" height="13" aria-hidden="true" focusable="false">
      <path
        fill="currentColor"
        d="M6 1h4a1 1 0 0 1 1 1v1h3v2H2V3h3V2a1 1 0 0 1 1-1Zm-3 5h10l-.8 8.1A1 1 0 0 1 11.2 15H4.8a1 1 0 0 1-1-.9L3 6Z"
      />
    </svg>
  );
}
