import type { GmsRequest } from '../../domain/service-options/effective-parameters.js';
import type { HttpResult } from '../../http/http-result.js';
import type { RequestContext } from '../../http/request-context.js';
import type { ResolvedService } from '../../use-cases/service/resolve-service.js';

/** One call of a configured service: the service, its options and the request's parameters. */
export interface ServiceCall {
  service: ResolvedService;
  /** What the kind's parameter schema parses (options over the request's fields and query). */
  gms: GmsRequest;
  req: RequestContext;
  /**
   * The id a create must give its session (set for creates with an `Idempotency-Key`, chosen when
   * the key was claimed). A create run again with it (its first request died) must be safe.
   */
  id?: string;
}

/** A built-in service type (`_service` value): what POST (create) and GET (query) do for it. */
export interface ServiceKind<P> {
  create?(call: ServiceCall, ports: P): Promise<HttpResult>;
  /** `create` honours `call.id` and may run again with it: it accepts an `Idempotency-Key`. */
  idempotent?: boolean;
  query?(call: ServiceCall, ports: P): Promise<HttpResult>;
}
