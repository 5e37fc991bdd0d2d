import type { OpenApiDocument } from './api/openapi-model';

export interface CdkSettings {
  allowedOrigins: string[];
  throttleRateLimit: number;
  throttleBurstLimit: number;
  logLevel: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  apiGatewayCloudWatchRole: boolean;
}

/** lib/deployment-settings.ts's defaults, except the origin: the one this UI is served from. */
export const defaultSettings = (origin: string): CdkSettings => ({
  allowedOrigins: [origin],
  throttleRateLimit: 100,
  throttleBurstLimit: 200,
  logLevel: 'INFO',
  apiGatewayCloudWatchRole: true,
});

/** The `context` entries of cdk.json (README "Deploying to AWS"), merged into the existing ones. */
export function cdkJson(s: CdkSettings): string {
  return JSON.stringify({ context: s }, null, 2);
}

const shellQuote = (v: string) => (/^[\w@%+=:,./-]+$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`);

export function cdkCommand(s: CdkSettings): string {
  return [
    'npx cdk deploy',
    `-c allowedOrigins=${shellQuote(s.allowedOrigins.join(','))}`,
    `-c throttleRateLimit=${s.throttleRateLimit}`,
    `-c throttleBurstLimit=${s.throttleBurstLimit}`,
    `-c logLevel=${s.logLevel}`,
    `-c apiGatewayCloudWatchRole=${s.apiGatewayCloudWatchRole}`,
  ].join(' \\\n  ');
}

export interface PathGroup {
  /** e.g. `/genesys/1/service/*`. */
  pattern: string;
  publicOps: number;
  signedInOps: number;
  /** Most of its routes need no credentials: apps call it. */
  forApps: boolean;
}

/** The API's paths as firewall patterns (one per first segment), from the live OpenAPI document. */
export function pathGroups(doc: OpenApiDocument): PathGroup[] {
  const groups = new Map<
    string,
    { exact: boolean; deeper: boolean; publicOps: number; signedInOps: number }
  >();
  for (const [path, item] of Object.entries(doc.paths)) {
    const [, , , segment, ...rest] = path.split('/');
    if (!segment) continue;
    const g = groups.get(segment) ?? { exact: false, deeper: false, publicOps: 0, signedInOps: 0 };
    if (rest.length > 0) g.deeper = true;
    else g.exact = true;
    for (const op of Object.values(item)) {
      if (Array.isArray(op.security) && op.security.length === 0) g.publicOps++;
      else g.signedInOps++;
    }
    groups.set(segment, g);
  }
  return [...groups.entries()].map(([segment, g]) => ({
    // GMS's own patterns: `/genesys/1/admin/*`, `/genesys/1/resource*`.
    pattern: `/genesys/1/${segment}${g.deeper ? (g.exact ? '*' : '/*') : ''}`,
    publicOps: g.publicOps,
    signedInOps: g.signedInOps,
    forApps: g.publicOps > g.signedInOps,
  }));
}

/** The paths GMS's `port_restrictions` section names (gms-api.md section 0). */
export const GMS_RESTRICTED_PATHS = [
  '/genesys/1/admin/*',
  '/genesys/1/service/*',
  '/genesys/1/storage/*',
  '/genesys/1/resource*',
];

export function portRestrictions(port: number): string {
  return ['[port_restrictions]', ...GMS_RESTRICTED_PATHS.map((p) => `${p}=${port}`)].join('\n');
}

export function firewallRules(input: {
  host: string;
  port: number;
  groups: PathGroup[];
  websocketUrl?: string;
}): string {
  const { host, port, groups } = input;
  const apps = groups.filter((g) => g.forApps).map((g) => g.pattern);
  const operators = groups.filter((g) => !g.forApps).map((g) => g.pattern);
  const lines = [
    `# Inbound TCP ${port} (${port === 443 ? 'HTTPS' : 'HTTP'}) to ${host}`,
    '',
    '# Mobile and web apps (public routes):',
    ...apps.map((p) => `allow  ${host}:${port}  ${p}`),
    '',
    '# Operators only (Service Management UI, management, agents); restrict to their networks:',
    `allow  ${host}:${port}  /genesys/  (the UI)`,
    ...operators.map((p) => `allow  ${host}:${port}  ${p}`),
  ];
  if (input.websocketUrl) {
    const ws = new URL(input.websocketUrl);
    const wsPort = ws.port ? Number(ws.port) : ws.protocol === 'wss:' ? 443 : 80;
    lines.push(
      '',
      '# Push to apps (WebSocket, long-lived connections):',
      `allow  ${ws.hostname}:${wsPort}  ${ws.pathname}`,
    );
  }
  return lines.join('\n');
}
