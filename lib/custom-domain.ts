import { ApiMapping, DomainName, SecurityPolicy, type IApi, type IStage } from 'aws-cdk-lib/aws-apigatewayv2';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import { Construct } from 'constructs';
import type { DomainSettings } from './deployment-settings.js';

/*
 * Host layout of a custom domain `<name>` (DNS is pointed by the team; the stack outputs the targets):
 * - `<name>`: CloudFront, i.e. the UI under `/genesys/` and the API under `/genesys/1/` on one
 *   origin (and behind the WAF when there is one). Certificate in us-east-1 (`uiCertificateArn`).
 * - `api.<name>`: the HTTP API's regional custom domain, for apps that call the API directly. Not
 *   created when the API only answers through CloudFront: it would only ever refuse.
 * - `ws.<name>`: the WebSocket API's regional custom domain (`_comet_url`). CloudFront is not put in
 *   front of it: the WebSocket API stays regional (see docs/ARCHITECTURE.md, "Edge").
 * The regional domains share `certificateArn` (a certificate in the stack's region covering both
 * names, e.g. `*.<name>`). Subdomains rather than paths, because API Gateway's regional custom
 * domains and CloudFront each need a host of their own.
 */

export const apiHost = (domain: DomainSettings) => `api.${domain.name}`;
export const webSocketHost = (domain: DomainSettings) => `ws.${domain.name}`;

export interface RegionalDomainProps {
  host: string;
  certificateArn: string;
  api: IApi;
  stage: IStage;
}

/** An API Gateway regional custom domain (TLS 1.2) with the stage mapped at its root. */
export class RegionalDomain extends Construct {
  readonly domainName: DomainName;
  /** The host name itself (a literal, unlike `domainName.name`). */
  readonly host: string;

  constructor(scope: Construct, id: string, props: RegionalDomainProps) {
    super(scope, id);
    this.host = props.host;
    this.domainName = new DomainName(this, 'Name', {
      domainName: props.host,
      certificate: acm.Certificate.fromCertificateArn(this, 'Certificate', props.certificateArn),
      securityPolicy: SecurityPolicy.TLS_1_2,
    });
    new ApiMapping(this, 'Mapping', { api: props.api, domainName: this.domainName, stage: props.stage });
  }

  /** What the host's DNS record points at (a CNAME, or an alias in Route 53). */
  get dnsTarget(): string {
    return this.domainName.regionalDomainName;
  }
}
