import { prettyBody, type Exchange } from './send-request';

function HeaderList({ headers, label }: { headers: [string, string][]; label: string }) {
  return (
    <dl className="header-list" aria-label={label}>
      {headers.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

/** What was sent and what came back: request line, headers and body; status, headers and body. */
export function ExchangeView({ exchange }: { exchange: Exchange }) {
  const { request, response } = exchange;
  const ok = response && response.status < 400;
  return (
    <div className="exchange">
      <section aria-label="Request">
        <h4>Request</h4>
        <pre className="request-line">
          {request.method} {request.url}
        </pre>
        <HeaderList headers={request.headers} label="Request headers" />
        <p className="muted small">The browser adds its own headers too (User-Agent, Accept-Language…).</p>
        {request.body !== undefined ? <pre aria-label="Request body">{request.body}</pre> : null}
      </section>
      <section aria-label="Response">
        <h4>Response</h4>
        {exchange.failure ? (
          <p className="notice error" role="alert">
            The request failed: {exchange.failure}
          </p>
        ) : response ? (
          <>
            <p className="response-status" role="status">
              <span className={`status-dot ${ok ? 'up' : 'down'}`} aria-hidden="true" />
              <strong data-testid="response-status">{response.status}</strong> {response.statusText}{' '}
              <span className="muted">in {response.ms} ms</span>
            </p>
            <HeaderList headers={response.headers} label="Response headers" />
            {response.file ? (
              <p>
                {response.file.size.toLocaleString()} bytes of {response.contentType}:{' '}
                <a href={response.file.url} download>
                  download
                </a>
              </p>
            ) : response.text ? (
              <pre aria-label="Response body">{prettyBody(response.text, response.contentType)}</pre>
            ) : (
              <p className="muted">Empty body.</p>
            )}
          </>
        ) : null}
      </section>
    </div>
  );
}
