import { useId, useState, type FormEvent } from 'react';
import { ErrorNotice } from '../../../components/Notice';
import { exampleOf, type OpenApiDocument, type Operation } from './openapi-model';
import { ExchangeView } from './ExchangeView';
import { sendTry, type Exchange } from './send-request';

function initialBody(doc: OpenApiDocument, op: Operation, type: string | undefined): string {
  if (!type) return '';
  const example = exampleOf(doc, op.bodySchema);
  if (type === 'application/json') return example === undefined ? '' : JSON.stringify(example, null, 2);
  if (example && typeof example === 'object' && !Array.isArray(example)) {
    return Object.entries(example)
      .map(([k, v]) => `${k}=${typeof v === 'object' ? '' : String(v)}`)
      .join('\n');
  }
  return '';
}

/** The form of one operation: its parameters, a body, the token, and what the try sent and got. */
export function OperationTry({ doc, op }: { doc: OpenApiDocument; op: Operation }) {
  const id = useId();
  const [values, setValues] = useState<Record<string, string>>({});
  const [bodyType, setBodyType] = useState(op.bodyTypes[0]);
  const [body, setBody] = useState(() => initialBody(doc, op, op.bodyTypes[0]));
  const [sendToken, setSendToken] = useState(!op.public);
  const [extraHeaders, setExtraHeaders] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [exchange, setExchange] = useState<Exchange>();
  const [raw, setRaw] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      setExchange(await sendTry(op, { values, bodyType, body, sendToken, extraHeaders }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="operation-try">
      <p className="op-meta">
        {op.public
          ? 'Public: no credentials needed.'
          : `Roles: ${op.roles.join(', ') || 'any signed-in user'}.`}{' '}
        <span className="muted">Answers: {op.responses.map((r) => r.status).join(', ')}</span>
      </p>
      <form onSubmit={submit} className="stack">
        {op.parameters.length > 0 ? (
          <fieldset className="params">
            <legend>Parameters</legend>
            {op.parameters.map((p) => {
              const inputId = `${id}-${p.in}-${p.name}`;
              return (
                <div key={`${p.in}-${p.name}`} className="param">
                  <label htmlFor={inputId}>
                    {p.name}
                    <span className="muted small">
                      {' '}
                      ({p.in}
                      {p.required ? ', required' : ''})
                    </span>
                  </label>
                  {p.choices ? (
                    <select
                      id={inputId}
                      value={values[p.name] ?? ''}
                      onChange={(e) => setValues({ ...values, [p.name]: e.target.value })}
                      required={p.required}
                    >
                      <option value="">{p.required ? 'Choose…' : '(not sent)'}</option>
                      {p.choices.map((c) => (
                        <option key={c}>{c}</option>
                      ))}
                    </select>
                  ) : (
                    <input
                      id={inputId}
                      value={values[p.name] ?? ''}
                      onChange={(e) => setValues({ ...values, [p.name]: e.target.value })}
                      required={p.required}
                      aria-describedby={p.description ? `${inputId}-hint` : undefined}
                    />
                  )}
                  {p.description ? (
                    <span id={`${inputId}-hint`} className="muted small">
                      {p.description}
                    </span>
                  ) : null}
                </div>
              );
            })}
          </fieldset>
        ) : null}
        {op.bodyTypes.length > 0 ? (
          <div className="stack">
            <label className="inline">
              Body type
              <select
                value={bodyType}
                onChange={(e) => {
                  setBodyType(e.target.value);
                  setBody(initialBody(doc, op, e.target.value));
                }}
              >
                {op.bodyTypes.map((t) => (
                  <option key={t}>{t}</option>
                ))}
              </select>
            </label>
            <label>
              Body {bodyType === 'application/json' ? '(JSON)' : '(one key=value a line)'}
              <textarea
                value={body}
                onChange={(e) => setBody(e.target.value)}
                rows={Math.min(12, Math.max(3, body.split('\n').length + 1))}
                spellCheck={false}
                className="code-input"
              />
            </label>
          </div>
        ) : null}
        <label className="inline">
          <input type="checkbox" checked={sendToken} onChange={(e) => setSendToken(e.target.checked)} />
          Send my bearer token
        </label>
        <label>
          Extra headers <span className="muted small">(one Name: value a line, e.g. gms_user: alice)</span>
          <textarea
            value={extraHeaders}
            onChange={(e) => setExtraHeaders(e.target.value)}
            rows={2}
            spellCheck={false}
            className="code-input"
          />
        </label>
        <div className="row">
          <button type="submit" disabled={busy}>
            {busy ? 'Sending…' : 'Try it out!'}
          </button>
          <button type="button" className="secondary" aria-expanded={raw} onClick={() => setRaw(!raw)}>
            Raw
          </button>
        </div>
      </form>
      {raw ? (
        <pre aria-label={`OpenAPI definition of ${op.operationId}`}>{JSON.stringify(op.raw, null, 2)}</pre>
      ) : null}
      <ErrorNotice error={error} />
      {exchange ? <ExchangeView exchange={exchange} /> : null}
    </div>
  );
}
