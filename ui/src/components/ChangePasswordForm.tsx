import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../api';
import { ErrorNotice } from './Notice';

/** Shortest password the server takes (functions/domain/password-policy.ts). */
const MIN_PASSWORD_LENGTH = 12;

/** Whether a login was refused because the user must change its initial password first. */
export const mustChangePassword = (error: unknown): boolean =>
  error instanceof ApiError &&
  error.status === 403 &&
  (error.body as { error?: unknown } | undefined)?.error === 'password-change-required';

/** Basic credentials of UTF-8 text (btoa alone takes Latin-1 only). */
const basic = (username: string, password: string) =>
  `Basic ${btoa(String.fromCharCode(...new TextEncoder().encode(`${username}:${password}`)))}`;

/**
 * The first-login password change: the user proves the current password (Basic, since login gives
 * no token until the change), sets a new one, and is then signed in with it.
 */
export function ChangePasswordForm(props: {
  username: string;
  currentPassword: string;
  reason: string;
  onChanged(newPassword: string): Promise<void>;
  onCancel(): void;
}) {
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (next !== again) return setError(new Error('The two new passwords differ.'));
    setBusy(true);
    setError(undefined);
    try {
      await api(`/admin/users/${encodeURIComponent(props.username)}/password`, {
        method: 'PUT',
        anonymous: true,
        headers: { authorization: basic(props.username, props.currentPassword) },
        body: { current_password: props.currentPassword, new_password: next },
      });
      await props.onChanged(next);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} className="card login-card" aria-labelledby="change-title">
      <h1 id="change-title">Change the password of {props.username}</h1>
      <p className="notice" role="status">
        {props.reason}
      </p>
      <label>
        New password
        <input
          name="new-password"
          type="password"
          autoComplete="new-password"
          minLength={MIN_PASSWORD_LENGTH}
          value={next}
          onChange={(e) => setNext(e.target.value)}
          required
          autoFocus
        />
      </label>
      <label>
        New password again
        <input
          name="new-password-again"
          type="password"
          autoComplete="new-password"
          minLength={MIN_PASSWORD_LENGTH}
          value={again}
          onChange={(e) => setAgain(e.target.value)}
          required
        />
      </label>
      <ErrorNotice error={error} />
      <button type="submit" disabled={busy}>
        {busy ? 'Changing…' : 'Change password and sign in'}
      </button>
      <button type="button" className="secondary" onClick={props.onCancel} disabled={busy}>
        Back to sign in
      </button>
    </form>
  );
}
