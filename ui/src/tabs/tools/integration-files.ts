import type { ServiceView } from '../services/service-types';
import type { ResourceGroupView } from './ResourcesPanel';

/**
 * The files a telephony platform (SIP server, IVR, ACD) needs to call match-interaction, built
 * from the live configuration. GMS shipped DFM files for Orchestration Server; this product has
 * no ORS, so what the platform needs is the HTTP contract and the numbers it will see as DNIS.
 */

export interface IntegrationInput {
  origin: string;
  resources: ResourceGroupView[];
  services: ServiceView[];
  now: Date;
}

const numbersOf = (g: ResourceGroupView) =>
  Object.entries(g.options)
    .filter(([k]) => !k.startsWith('_'))
    .map(([name, number]) => ({ name, number }));

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export function integrationProfile({ origin, resources, services, now }: IntegrationInput) {
  const base = `${origin}/genesys/1`;
  const matchUrl = `${base}/service/match-interaction`;
  const exampleNumber = resources.flatMap(numbersOf)[0]?.number ?? '6504664131';
  const allocating = services.filter((s) =>
    ['request-interaction', 'request-access', 'callback'].includes(s.options._service ?? ''),
  );
  return {
    profile: 'gms-match-interaction-integration',
    version: 1,
    generated_at: now.toISOString(),
    base_url: base,
    match_interaction: {
      purpose:
        'Called by the telephony platform for every inbound call to an access number: finds the service session that was given that number, returns its ids and releases the number.',
      method: 'POST',
      url: matchUrl,
      authentication: 'none (public service API)',
      content_type: 'application/x-www-form-urlencoded',
      form_fields: {
        _access_number: {
          required: true,
          source: 'DNIS: the dialed number (SIP Request-URI or To user part)',
        },
        _phone_number: {
          required: false,
          source: 'ANI: the calling number (SIP From or P-Asserted-Identity user part)',
          note: 'When sent, only a session booked for this phone number matches.',
        },
        _access_code: {
          required: false,
          source: 'Digits collected by the IVR, when the service returns access codes (_provide_code=true)',
        },
        _return_data: { required: false, source: 'true to receive the application data of the session' },
      },
      responses: {
        '200': '{"_id": "<session id>", "_data_id": "<storage id>"} (with "_data" when _return_data=true)',
        '404': 'no session holds this access number (or not for this caller): route the call normally',
        '400': 'a form field is missing or malformed; the body names it in "parameter"',
      },
      example_curl: [
        'curl -s -X POST',
        shellQuote(matchUrl),
        `-d _access_number=${exampleNumber}`,
        '-d _phone_number=6504669999',
      ].join(' '),
      application_data: `GET ${base}/storage/{_data_id} returns the data the app stored with its request`,
    },
    resource_groups: [...resources]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((g) => ({
        name: g.name,
        allocation_strategy: g.options._allocation_strategy ?? 'random',
        booking_expiration_timeout: g.options._booking_expiration_timeout ?? null,
        resource_total: g.resource_total,
        resource_available: g.resource_available,
        numbers: numbersOf(g),
      })),
    access_number_services: allocating
      .filter((s) => s.options._service !== 'callback')
      .map((s) => ({
        name: s.name,
        service: s.options._service,
        resource_group: s.options._resource_group ?? null,
        url: `${origin}/genesys/1/service/${s.name}`,
      })),
    callback_services: services
      .filter((s) => s.options._service === 'callback')
      .map((s) => ({
        name: s.name,
        url: `${origin}/genesys/1/service/callback/${s.name}`,
        call_direction: s.options._call_direction ?? null,
        media_type: s.options._media_type ?? null,
        resource_group: s.options._resource_group ?? null,
      })),
  };
}

export function routingSnippet({ origin, resources, now }: IntegrationInput): string {
  const base = `${origin}/genesys/1`;
  const groups = [...resources].sort((a, b) => a.name.localeCompare(b.name));
  const lines = [
    '# Inbound routing for GMS access numbers',
    `# Generated ${now.toISOString()} from ${base}`,
    '#',
    '# This is a description, not a configuration file for a particular product: translate it',
    '# into your SIP server, IVR or ACD routing language.',
    '',
    '## 1. Which calls to send to match-interaction',
    '',
    'Every inbound call whose dialed number (DNIS) is one of these access numbers:',
    '',
  ];
  if (groups.length === 0)
    lines.push('  (no resource group is configured yet: add one under Tools -> Resources)');
  for (const g of groups) {
    const numbers = numbersOf(g);
    lines.push(`  resource group ${g.name}: ${numbers.length} number(s)`);
    for (const n of numbers) lines.push(`    ${n.number}    (${n.name})`);
  }
  lines.push(
    '',
    '## 2. Where DNIS and ANI come from',
    '',
    '  _access_number  <- DNIS: user part of the SIP Request-URI (or To header),',
    '                     e.g. INVITE sip:6504664131@gw.example.com -> 6504664131',
    '  _phone_number   <- ANI: user part of P-Asserted-Identity, else of From,',
    '                     e.g. From: <sip:+16504669999@carrier> -> +16504669999',
    '                     Send it in the same form the app sent as _phone_number when it asked for',
    '                     the number (strip or keep the country code consistently), or leave it out.',
    '  _access_code    <- digits the IVR collects, only for services with _provide_code=true',
    '',
    '## 3. The request (pseudo-code)',
    '',
    '  on inbound call (dnis, ani):',
    '    if dnis not in ACCESS_NUMBERS: route as usual; stop',
    `    response = HTTP POST ${base}/service/match-interaction`,
    '               Content-Type: application/x-www-form-urlencoded',
    '               _access_number=<dnis>&_phone_number=<ani>[&_access_code=<digits>]',
    '    if response.status == 200:',
    '      attach response._id and response._data_id to the call (e.g. as SIP headers or',
    '      call data) and route it to the contact center; the agent desktop can read the app',
    `      data with GET ${base}/storage/<_data_id>`,
    '    else if response.status == 404:',
    '      no session holds this number (booking expired or unknown caller): route as usual',
    '    else:',
    '      log the error body (message, parameter) and route as usual',
    '',
    '## 4. Timing',
    '',
    '  An access number is reserved for _booking_expiration_timeout seconds after the app got it',
    "  (the app request's value, else the resource group's, else the service's; default 30).",
    '  A call arriving later finds no session (404).',
    '  A successful match releases the number at once for the next caller.',
    '',
  );
  return lines.join('\n');
}

/** Saves text as a download, the way api.ts's `download()` saves server files. */
export function saveText(name: string, text: string, type: string): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([text], { type }));
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}
