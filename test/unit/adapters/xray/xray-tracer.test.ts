import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { createSocket, type Socket } from 'node:dgram';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DAEMON_HEADER,
  parseDaemonAddress,
  parseTraceHeader,
  type SubsegmentDocument,
} from '../../../../functions/adapters/xray/xray-emitter.js';
import { XRayTracer } from '../../../../functions/adapters/xray/xray-tracer.js';

const ROOT = '1-5759e988-bd862e3fe1be46a994272793';
const FACADE = '53995c3f42cd8ad8';

/** A local X-Ray daemon: every datagram it receives, parsed, in arrival order. */
class Daemon {
  readonly documents: SubsegmentDocument[] = [];
  readonly raw: string[] = [];
  private waiters: (() => void)[] = [];
  constructor(readonly socket: Socket) {
    socket.on('message', (msg) => {
      const text = msg.toString('utf8');
      this.raw.push(text);
      this.documents.push(JSON.parse(text.slice(text.indexOf('\n') + 1)) as SubsegmentDocument);
      for (const w of this.waiters.splice(0)) w();
    });
  }
  get port(): number {
    return (this.socket.address() as AddressInfo).port;
  }
  /** Resolves once `n` documents have arrived in all. */
  async received(n: number): Promise<SubsegmentDocument[]> {
    while (this.documents.length < n) await new Promise<void>((r) => this.waiters.push(r));
    return this.documents.slice(0, n);
  }
}

/** A stand-in DynamoDB endpoint: answers each request with the next scripted answer, keeps the headers seen. */
class FakeDynamo {
  readonly headers: IncomingHttpHeaders[] = [];
  answers: { status: number; body: unknown }[] = [];
  server: Server = createServer((req, res) => {
    this.headers.push(req.headers);
    req.resume();
    req.on('end', () => {
      const answer = this.answers.shift() ?? { status: 200, body: {} };
      res.writeHead(answer.status, {
        'content-type': 'application/x-amz-json-1.0',
        'x-amzn-requestid': `REQ${this.headers.length}`,
      });
      res.end(JSON.stringify(answer.body));
    });
  });
  get endpoint(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
}

let daemon: Daemon;
let dynamo: FakeDynamo;

beforeAll(async () => {
  const socket = createSocket('udp4');
  await new Promise<void>((r) => socket.bind(0, '127.0.0.1', r));
  daemon = new Daemon(socket);
  dynamo = new FakeDynamo();
  await new Promise<void>((r) => dynamo.server.listen(0, '127.0.0.1', r));
});

afterAll(async () => {
  daemon.socket.close();
  await new Promise((r) => dynamo.server.close(r));
});

function lambdaEnv(sampled = '1'): NodeJS.ProcessEnv {
  return {
    AWS_LAMBDA_FUNCTION_NAME: 'gms-storage',
    AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${daemon.port}`,
    _X_AMZN_TRACE_ID: `Root=${ROOT};Parent=${FACADE};Sampled=${sampled};Lineage=a87bd80c:0`,
    _HANDLER: 'index.handler',
  };
}

function docClient(tracer: XRayTracer): DynamoDBDocumentClient {
  const client = tracer.traceClient(
    new DynamoDBClient({
      region: 'eu-west-1',
      endpoint: dynamo.endpoint,
      credentials: { accessKeyId: 'k', secretAccessKey: 's' },
      maxAttempts: 1,
    }),
  );
  return DynamoDBDocumentClient.from(client);
}

describe('X-Ray header and daemon address parsing', () => {
  it('reads the trace header Lambda sets', () => {
    expect(parseTraceHeader(`Root=${ROOT};Parent=${FACADE};Sampled=1`)).toEqual({
      root: ROOT,
      parent: FACADE,
      sampled: true,
    });
    expect(parseTraceHeader(`Root=${ROOT};Sampled=0`)).toEqual({
      root: ROOT,
      parent: undefined,
      sampled: false,
    });
    expect(parseTraceHeader('Parent=1;Sampled=1')).toBeUndefined();
    expect(parseTraceHeader(undefined)).toBeUndefined();
  });

  it('reads both forms of the daemon address and picks UDP', () => {
    expect(parseDaemonAddress('169.254.79.129:2000')).toEqual({ host: '169.254.79.129', port: 2000 });
    expect(parseDaemonAddress('tcp:127.0.0.1:2000 udp:127.0.0.2:2001')).toEqual({
      host: '127.0.0.2',
      port: 2001,
    });
    expect(parseDaemonAddress('udp:10.0.0.1:3000 tcp:10.0.0.1:2000')).toEqual({
      host: '10.0.0.1',
      port: 3000,
    });
    expect(parseDaemonAddress('nonsense')).toBeUndefined();
    expect(parseDaemonAddress('host:99999')).toBeUndefined();
  });
});

describe('XRayTracer over UDP to a local daemon', () => {
  it('sends the handler subsegment with its annotations and one subsegment per AWS call below it', async () => {
    const before = daemon.documents.length;
    const tracer = new XRayTracer({ env: lambdaEnv() });
    expect(tracer.isTracingEnabled()).toBe(true);
    const doc = docClient(tracer);
    dynamo.answers.push({ status: 200, body: { Item: { pk: { S: 'a' }, v: { N: '1' } } } });
    const item = await tracer.invocation(async () => {
      tracer.putAnnotation('callbackId', 'cb-1');
      return (await doc.send(new GetCommand({ TableName: 'gms-callbacks', Key: { pk: 'a' } }))).Item;
    });
    expect(item).toEqual({ pk: 'a', v: 1 });

    const [call, handler] = (await daemon.received(before + 2)).slice(before);
    expect(daemon.raw[before]!.startsWith(DAEMON_HEADER)).toBe(true);
    expect(handler).toMatchObject({
      type: 'subsegment',
      name: '## index.handler',
      trace_id: ROOT,
      parent_id: FACADE,
      annotations: { callbackId: 'cb-1', ColdStart: true, Service: 'gms' },
    });
    expect(handler!.id).toMatch(/^[0-9a-f]{16}$/);
    expect(handler!.end_time).toBeGreaterThanOrEqual(handler!.start_time);
    expect(call).toMatchObject({
      type: 'subsegment',
      name: 'DynamoDB',
      namespace: 'aws',
      trace_id: ROOT,
      parent_id: handler!.id,
      aws: { operation: 'GetItem', region: 'eu-west-1', table_name: 'gms-callbacks', retries: 0 },
      http: { response: { status: 200 } },
    });
    expect((call!.aws as { request_id: string }).request_id).toMatch(/^REQ\d+$/);
    expect(call!.fault).toBeUndefined();
    // The request carried the trace on, naming the call's subsegment as its parent.
    expect(dynamo.headers.at(-1)!['x-amzn-trace-id']).toBe(`Root=${ROOT};Parent=${call!.id};Sampled=1`);
  });

  it('marks a refused call as a client error and a failed invocation as a fault', async () => {
    const before = daemon.documents.length;
    const tracer = new XRayTracer({ env: lambdaEnv() });
    const doc = docClient(tracer);
    dynamo.answers.push({
      status: 400,
      body: { __type: 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException', message: 'taken' },
    });
    await expect(
      tracer.invocation(() =>
        doc.send(
          new PutCommand({
            TableName: 't',
            Item: { pk: 'a' },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        ),
      ),
    ).rejects.toThrow('taken');
    const [call, handler] = (await daemon.received(before + 2)).slice(before);
    expect(call).toMatchObject({ name: 'DynamoDB', aws: { operation: 'PutItem' }, error: true });
    expect(call!.http).toEqual({ response: { status: 400 } });
    expect(call!.fault).toBeUndefined();
    expect(call!.cause!.exceptions[0]).toMatchObject({
      type: 'ConditionalCheckFailedException',
      remote: true,
    });
    expect(handler).toMatchObject({
      name: '## index.handler',
      fault: true,
      annotations: { ColdStart: true },
    });
    expect(handler!.cause!.exceptions[0]).toMatchObject({
      type: 'ConditionalCheckFailedException',
      message: 'taken',
    });
  });

  it('gives concurrent records a subsegment each, with their own annotations and calls', async () => {
    const before = daemon.documents.length;
    const tracer = new XRayTracer({ env: lambdaEnv() });
    const doc = docClient(tracer);
    await tracer.invocation(() =>
      Promise.all(
        ['cb-1', 'cb-2'].map((id) =>
          tracer.inSubsegment(`## callback-due`, { callbackId: id }, () =>
            doc.send(new GetCommand({ TableName: `table-${id}`, Key: { pk: id } })),
          ),
        ),
      ),
    );
    const docs = (await daemon.received(before + 5)).slice(before);
    const handler = docs.find((d) => d.name === '## index.handler')!;
    expect(handler.parent_id).toBe(FACADE);
    for (const id of ['cb-1', 'cb-2']) {
      const record = docs.find((d) => d.annotations?.callbackId === id)!;
      expect(record).toMatchObject({ name: '## callback-due', parent_id: handler.id, trace_id: ROOT });
      const call = docs.find(
        (d) => (d.aws as { table_name?: string } | undefined)?.table_name === `table-${id}`,
      )!;
      expect(call.parent_id).toBe(record.id);
    }
  });

  it('records nothing for an unsampled invocation, and the next sampled one is not a cold start', async () => {
    const env = lambdaEnv('0');
    const tracer = new XRayTracer({ env });
    const doc = docClient(tracer);
    const before = daemon.documents.length;
    await tracer.invocation(async () => {
      tracer.putAnnotation('sessionId', 'unsampled');
      await doc.send(new GetCommand({ TableName: 'unsampled', Key: { pk: 'a' } }));
    });
    env._X_AMZN_TRACE_ID = `Root=${ROOT};Parent=${FACADE};Sampled=1`;
    await tracer.invocation(async () => tracer.putAnnotation('sessionId', 'sampled'));
    const [first] = (await daemon.received(before + 1)).slice(before);
    expect(first).toMatchObject({
      name: '## index.handler',
      annotations: { sessionId: 'sampled', ColdStart: false },
    });
  });

  it('is off outside Lambda: no middleware on the clients, work runs as it is', async () => {
    const env = { ...lambdaEnv(), AWS_LAMBDA_FUNCTION_NAME: undefined };
    const tracer = new XRayTracer({ env });
    expect(tracer.isTracingEnabled()).toBe(false);
    const client = new DynamoDBClient({ region: 'eu-west-1' });
    const names = client.middlewareStack.identify().join(' ');
    tracer.traceClient(client);
    expect(client.middlewareStack.identify().join(' ')).toBe(names);
    expect(names).not.toContain('gmsXRay');
    expect(await tracer.invocation(async () => 'done')).toBe('done');
  });
});
