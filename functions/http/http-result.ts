/** What an operation returns; `handler-factory.ts` shapes it into an API Gateway v2 result. */
export type HttpResult =
  | { status?: number; json: unknown; headers?: Record<string, string> }
  | { status?: number; text: string; contentType?: string; headers?: Record<string, string> }
  | { status?: number; binary: Buffer; contentType: string; headers?: Record<string, string> }
  | { status: number; empty: true; headers?: Record<string, string> };

export const json = (body: unknown, status = 200): HttpResult => ({ status, json: body });
