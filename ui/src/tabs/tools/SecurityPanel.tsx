import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../../api';
import { ErrorNotice, SuccessNotice } from '../../components/Notice';
import { useLoad } from '../../components/use-load';

/** GMS's `server` section as `GET|PUT /admin/server` carries it; secrets come back as `********`. */
type ServerSettings = Partial<Record<(typeof FIELDS)[number]['name'], string>>;

const FIELDS = [
  {
    name: 'realm',
    label: 'Realm',
    hint: 'Named in the 401 challenge (GMS default: Genesys Application Configuration Needed).',
  },
  {
    name: 'username',
    label: 'Basic user name',
    hint: 'The user name apps send with the password. Leave empty to accept any user name.',
  },
  {
    name: 'password',
    label: 'Basic password',
    secret: true,
    hint: 'Set: every service, storage and session request needs HTTP Basic credentials (or the API key), unless the service sets its own.',
  },
  {
    name: 'api_key',
    label: 'API key (X-API-Key header)',
    secret: true,
    hint: 'For mobile apps: 24 to 256 random characters, sent in the X-API-Key header instead of Basic.',
  },
  {
    name: 'rate_limit_requests',
    label: 'Rate limit: requests per client',
    numeric: true,
    hint: 'Requests one source IP may make to the public API per window; 0 or empty: no limit. Past it: 429 with Retry-After.',
  },
  {
    name: 'rate_limit_window',
    label: 'Rate limit window (seconds)',
    numeric: true,
    hint: 'Length of the fixed window, 1 to 3600 seconds (default 60).',
  },
] as const;

/**
 * Who may call the public API (service, storage and callback requests), as GMS's `server` section
 * and its Basic authentication options set it, plus the API key and the per-client rate limit.
 * A service's own `username`/`password`/`api_key` options (Services tab, Authentication) win.
 */
export function SecurityPanel() {
  const settings = useLoad(() => api<ServerSettings>('/admin/server'));
  const [form, setForm] = useState<ServerSettings>({});
  const [error, setError] = useState<unknown>();
  const [notice, setNotice] = useState<string>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (settings.value) setForm(settings.value);
  }, [settings.value]);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    setNotice(undefined);
    try {
      const body = Object.fromEntries(Object.entries(form).filter(([, v]) => v !== undefined && v !== ''));
      settings.setValue(await api<ServerSettings>('/admin/server', { method: 'PUT', body }));
      setNotice('Saved the server settings.');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const locked = Boolean(settings.value?.password || settings.value?.api_key);
  return (
    <section className="security-panel" aria-label="Public API security">
      <p className="muted">
        The public API is open by default, as in GMS. Authentication set here applies to every service, to
        storage and to requests on a live session; the health check and this management API are not affected.
      </p>
      <p role="status" className="muted">
        {settings.value
          ? locked
            ? 'Public API: authentication required.'
            : 'Public API: open (no server-wide password or API key).'
          : null}
      </p>
      <ErrorNotice error={settings.error} />
      <form className="card security-form" onSubmit={(e) => void save(e)} aria-label="Server settings">
        {FIELDS.map((f) => (
          <label key={f.name} className="stacked">
            {f.label}
            <input
              name={f.name}
              type={'secret' in f ? 'password' : 'text'}
              inputMode={'numeric' in f ? 'numeric' : undefined}
              autoComplete={'secret' in f ? 'new-password' : 'off'}
              spellCheck={false}
              value={form[f.name] ?? ''}
              onChange={(e) => setForm((v) => ({ ...v, [f.name]: e.target.value }))}
            />
            <span className="muted small">
              {f.hint}
              {'secret' in f
                ? ' Write-only: shown as ********; leave it as is to keep it, empty it to remove it.'
                : ''}
            </span>
          </label>
        ))}
        <div className="row">
          <button type="submit" disabled={busy || !settings.value}>
            {busy ? 'Saving…' : 'Save server settings'}
          </button>
        </div>
      </form>
      <ErrorNotice error={error} />
      <SuccessNotice message={notice} />
    </section>
  );
}
