import { useState } from 'react';
import { api, download } from '../../api';
import { ErrorNotice, SuccessNotice } from '../../components/Notice';
import type { ServiceView } from '../services/service-types';
import { integrationProfile, routingSnippet, saveText, type IntegrationInput } from './integration-files';
import type { ResourceGroupView } from './ResourcesPanel';

/** The configuration the files describe, read when a file is asked for so it is never stale. */
async function currentConfig(): Promise<IntegrationInput> {
  const [resources, services] = await Promise.all([
    api<ResourceGroupView[]>('/admin/resources'),
    api<ServiceView[]>('/admin/services'),
  ]);
  return { origin: window.location.origin, resources, services, now: new Date() };
}

/**
 * The seed's Download DFM. GMS's DFM files taught Orchestration Server the GMS SCXML functions;
 * here the party to integrate is the telephony platform that calls match-interaction, so these
 * are the files it needs.
 */
export function DfmPanel() {
  const [error, setError] = useState<unknown>();
  const [notice, setNotice] = useState<string>();
  const [busy, setBusy] = useState<string>();

  const run = async (what: string, make: () => Promise<void>) => {
    setBusy(what);
    setError(undefined);
    setNotice(undefined);
    try {
      await make();
      setNotice(`Downloaded ${what}.`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(undefined);
    }
  };

  const files = [
    {
      id: 'profile',
      title: 'Integration profile (JSON)',
      file: 'gms-integration-profile.json',
      text: (
        <>
          For the telephony team, or a script that configures the platform: the API&apos;s base URL, the
          match-interaction request (method, URL, the form fields <code>_access_number</code>,{' '}
          <code>_phone_number</code> and <code>_access_code</code>, an example curl), every resource group
          with its access numbers, and the services that hand those numbers out, callback services with their
          URLs.
        </>
      ),
      make: async () => {
        const profile = integrationProfile(await currentConfig());
        saveText('gms-integration-profile.json', JSON.stringify(profile, null, 2) + '\n', 'application/json');
      },
    },
    {
      id: 'routing',
      title: 'Routing description (text)',
      file: 'gms-inbound-routing.txt',
      text: (
        <>
          How an inbound call maps to the request: which dialed numbers (DNIS) to send to match-interaction,
          where DNIS and the caller&apos;s number (ANI) are found in a SIP INVITE, and what to do with a 200
          or 404 answer. It is generic pseudo-code to translate into your SIP server&apos;s, IVR&apos;s or
          ACD&apos;s routing, not a file any product loads as is.
        </>
      ),
      make: async () =>
        saveText(
          'gms-inbound-routing.txt',
          routingSnippet(await currentConfig()),
          'text/plain;charset=utf-8',
        ),
    },
    {
      id: 'openapi',
      title: 'OpenAPI document (JSON)',
      file: 'gms-openapi.json',
      text: (
        <>
          The whole API (<code>GET /genesys/1/openapi.json</code>), generated from the schemas that validate
          requests: load it into an API client or a code generator to call any route, match-interaction
          included.
        </>
      ),
      make: () => download('/openapi.json', undefined, 'gms-openapi.json'),
    },
  ];

  return (
    <div className="stack">
      <p>
        In GMS, <em>DFM</em> files defined the GMS-specific SCXML functions an Orchestration Server needed to
        run ORS-based services. This deployment has no Orchestration Server: the part of the contact center
        that talks to it is the telephony platform, which reports each inbound call to{' '}
        <code>match-interaction</code> so the call is joined to the app session that booked the access number.
        These downloads give that platform what it needs, built from the current configuration.
      </p>
      <ul className="dfm-files">
        {files.map((f) => (
          <li key={f.id} className="card">
            <h3>{f.title}</h3>
            <p>{f.text}</p>
            <button type="button" disabled={busy !== undefined} onClick={() => void run(f.file, f.make)}>
              {busy === f.file ? 'Preparing…' : `Download ${f.file}`}
            </button>
          </li>
        ))}
      </ul>
      <ErrorNotice error={error} />
      <SuccessNotice message={notice} />
    </div>
  );
}
