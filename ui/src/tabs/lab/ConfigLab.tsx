import { useId, useState } from 'react';
import { api } from '../../api';
import { ErrorNotice } from '../../components/Notice';
import { useLoad } from '../../components/use-load';
import { loadMonitor } from '../monitor/monitor-report';
import type { OpenApiDocument } from './api/openapi-model';
import { CopyBlock } from './CopyBlock';
import {
  cdkCommand,
  cdkJson,
  defaultSettings,
  firewallRules,
  pathGroups,
  portRestrictions,
  type CdkSettings,
} from './deployment-config';

interface ServiceView {
  name: string;
  url: string;
  options: Record<string, string>;
}

const LOG_LEVELS: CdkSettings['logLevel'][] = ['DEBUG', 'INFO', 'WARN', 'ERROR'];

function CdkContext() {
  const origin = window.location.origin;
  const [s, setS] = useState<CdkSettings>(() => defaultSettings(origin));
  const ids = useId();
  const positive = (v: string, fallback: number) => (Number(v) > 0 ? Number(v) : fallback);
  return (
    <section className="card" aria-labelledby={`${ids}-cdk`}>
      <h2 id={`${ids}-cdk`}>Deployment settings (cdk.json)</h2>
      <p>
        The context a cloud team sets before <code>npx cdk deploy</code> (README, “Deploying to AWS”). Allowed
        origins start with this page&apos;s origin; other web apps calling the API need theirs added.
      </p>
      <div className="row config-form">
        <label>
          Allowed origins (one a line)
          <textarea
            rows={2}
            value={s.allowedOrigins.join('\n')}
            onChange={(e) => setS({ ...s, allowedOrigins: e.target.value.split('\n').map((v) => v.trim()) })}
            onBlur={() => {
              const list = s.allowedOrigins.filter(Boolean);
              setS({ ...s, allowedOrigins: list.length > 0 ? list : [origin] });
            }}
            spellCheck={false}
          />
        </label>
        <label>
          Throttle rate (requests/s)
          <input
            type="number"
            min={1}
            value={s.throttleRateLimit}
            onChange={(e) => setS({ ...s, throttleRateLimit: positive(e.target.value, 100) })}
          />
        </label>
        <label>
          Throttle burst
          <input
            type="number"
            min={1}
            value={s.throttleBurstLimit}
            onChange={(e) => setS({ ...s, throttleBurstLimit: positive(e.target.value, 200) })}
          />
        </label>
        <label>
          Log level
          <select
            value={s.logLevel}
            onChange={(e) => setS({ ...s, logLevel: e.target.value as CdkSettings['logLevel'] })}
          >
            {LOG_LEVELS.map((l) => (
              <option key={l}>{l}</option>
            ))}
          </select>
        </label>
        <label className="inline">
          <input
            type="checkbox"
            checked={s.apiGatewayCloudWatchRole}
            onChange={(e) => setS({ ...s, apiGatewayCloudWatchRole: e.target.checked })}
          />
          Set the account&apos;s API Gateway CloudWatch role
        </label>
      </div>
      <CopyBlock
        label="cdk.json (context)"
        text={cdkJson({ ...s, allowedOrigins: s.allowedOrigins.filter(Boolean) })}
      />
      <CopyBlock
        label="Or on the command line"
        text={cdkCommand({ ...s, allowedOrigins: s.allowedOrigins.filter(Boolean) })}
      />
    </section>
  );
}

function Endpoints() {
  const services = useLoad(() => api<ServiceView[]>('/admin/services'));
  const origin = window.location.origin;
  const list = services.value ?? [];
  return (
    <section className="card" aria-labelledby="config-endpoints">
      <h2 id="config-endpoints">Public service endpoints</h2>
      <p>
        What apps call for each configured service: <code>/genesys/1/service/{'{name}'}</code>, and{' '}
        <code>/genesys/1/service/callback/{'{name}'}</code> for callback services.
      </p>
      <ErrorNotice error={services.error} />
      {services.loading && !services.value ? <p className="muted">Loading services…</p> : null}
      {list.length > 0 ? (
        <>
          <div className="table-scroll">
            <table aria-label="Service endpoints">
              <thead>
                <tr>
                  <th scope="col">Service</th>
                  <th scope="col">Kind</th>
                  <th scope="col">URL</th>
                </tr>
              </thead>
              <tbody>
                {list.map((svc) => (
                  <tr key={svc.name}>
                    <th scope="row">{svc.name}</th>
                    <td>{svc.options._service ?? svc.options._type ?? ''}</td>
                    <td className="url-cell">
                      <code>{`${origin}${svc.url}`}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <CopyBlock
            label="Service URLs"
            text={list.map((svc) => `${svc.name}  ${origin}${svc.url}`).join('\n')}
          />
        </>
      ) : services.value ? (
        <p className="muted">No service is configured yet (Services tab).</p>
      ) : null}
    </section>
  );
}

function Network() {
  const monitor = useLoad(loadMonitor);
  const doc = useLoad(() => api<OpenApiDocument>('/openapi.json', { anonymous: true }));
  const { protocol, hostname, port: pagePort } = window.location;
  const port = pagePort ? Number(pagePort) : protocol === 'https:' ? 443 : 80;
  const websocketUrl = monitor.value?.websocket.url;
  return (
    <>
      <section className="card" aria-labelledby="config-ws">
        <h2 id="config-ws">WebSocket URL</h2>
        <p>
          Where apps connect for push with this server&apos;s WebSocket protocol. GMS CometD clients use{' '}
          <code>_comet_url</code> (<code>/genesys/cometd</code> on the API) instead.
        </p>
        <ErrorNotice error={monitor.error} />
        {websocketUrl ? (
          <CopyBlock label="URL for apps" text={websocketUrl} />
        ) : monitor.value ? (
          <p>
            This function is not told the URL: it is the <code>WebSocketUrl</code> output of the stack (
            <code>aws cloudformation describe-stacks</code>).
          </p>
        ) : null}
      </section>
      <section className="card" aria-labelledby="config-fw">
        <h2 id="config-fw">Ports and paths to open</h2>
        <p>
          One port serves the whole API ({port}); the paths below come from the live OpenAPI document.
          GMS&apos;s <code>port_restrictions</code> section restricts the same paths by port.
        </p>
        <ErrorNotice error={doc.error} />
        {doc.value ? (
          <CopyBlock
            label="Firewall rules"
            text={firewallRules({ host: hostname, port, groups: pathGroups(doc.value), websocketUrl })}
          />
        ) : null}
        <CopyBlock label="GMS port_restrictions section" text={portRestrictions(port)} />
      </section>
    </>
  );
}

/** What a deployer applies, generated from this deployment's live configuration. */
export default function ConfigLab() {
  return (
    <div className="config-lab">
      <CdkContext />
      <Endpoints />
      <Network />
    </div>
  );
}
