import { Suspense, useState, type FormEvent } from 'react';
import { AuthProvider, useAuth } from './auth';
import { ChangePasswordForm, mustChangePassword } from './components/ChangePasswordForm';
import { ErrorNotice } from './components/Notice';
import { useHashRoute } from './hash-route';
import { TABS } from './tabs/registry';

export function App() {
  return (
    <AuthProvider>
      <Shell />
    </AuthProvider>
  );
}

function Shell() {
  const { session } = useAuth();
  return session ? <Workspace /> : <Login />;
}

function Login() {
  const { login } = useAuth();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  // The server refused the login until the initial password is changed: its message, shown above the form.
  const [changeReason, setChangeReason] = useState<string>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await login(username, password);
    } catch (err) {
      if (mustChangePassword(err)) setChangeReason((err as Error).message);
      else setError(err);
    } finally {
      setBusy(false);
    }
  };
  if (changeReason) {
    return (
      <main className="login">
        <ChangePasswordForm
          username={username}
          currentPassword={password}
          reason={changeReason}
          onChanged={(newPassword) => login(username, newPassword)}
          onCancel={() => {
            setChangeReason(undefined);
            setPassword('');
          }}
        />
      </main>
    );
  }
  return (
    <main className="login">
      <form onSubmit={submit} className="card login-card" aria-labelledby="login-title">
        <h1 id="login-title">GMS Service Management</h1>
        <label>
          Username
          <input
            name="username"
            autoComplete="username"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            required
            autoFocus
          />
        </label>
        <label>
          Password
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
        </label>
        <ErrorNotice error={error} />
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}

function Workspace() {
  const { session, logout, has } = useAuth();
  const { tab, go } = useHashRoute();
  const visible = TABS.filter((t) => has(...t.roles));
  const current = visible.find((t) => t.id === tab);
  const Current = current?.component;
  return (
    <>
      <a className="skip-link" href="#content">
        Skip to content
      </a>
      <header className="topbar">
        <nav aria-label="Main">
          <ul>
            <li>
              <a href="#/" aria-current={!current ? 'page' : undefined}>
                Home
              </a>
            </li>
            {visible.map((t) => (
              <li key={t.id}>
                <a href={`#/${t.id}`} aria-current={current?.id === t.id ? 'page' : undefined}>
                  {t.title}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div className="user">
          <span>
            {session!.username} <small>({session!.roles.join(', ')})</small>
          </span>
          <button type="button" className="secondary" onClick={() => void logout()}>
            Logout
          </button>
        </div>
      </header>
      <main id="content" tabIndex={-1}>
        {Current ? (
          <Suspense fallback={<p role="status">Loading…</p>}>
            <h1 className="tab-title">{current.title}</h1>
            <Current />
          </Suspense>
        ) : (
          <section aria-labelledby="hub-title">
            <h1 id="hub-title">Hub</h1>
            <p>Welcome, {session!.username}. These are the tools your roles give you.</p>
            <ul className="hub">
              {visible.map((t) => (
                <li key={t.id}>
                  <button type="button" className="hub-card" onClick={() => go(t.id)}>
                    <strong>{t.title}</strong>
                    <span>{t.description}</span>
                  </button>
                </li>
              ))}
            </ul>
          </section>
        )}
      </main>
    </>
  );
}
