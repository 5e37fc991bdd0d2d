import { afterEach, describe, expect, it } from 'vitest';
import { JsonLogger, type LogSink } from '../../../../functions/adapters/logging/json-logger.js';

/** A sink that keeps the lines written to each stream, parsed. */
function sink() {
  const out = { stdout: [] as string[], stderr: [] as string[] };
  const s: LogSink = {
    stdout: { write: (l: string) => out.stdout.push(l) },
    stderr: { write: (l: string) => out.stderr.push(l) },
  };
  const parsed = (stream: 'stdout' | 'stderr') =>
    out[stream].map((l) => {
      expect(l.endsWith('\n')).toBe(true);
      expect(l.slice(0, -1)).not.toContain('\n');
      return JSON.parse(l) as Record<string, unknown>;
    });
  return { s, parsed };
}

const context = (id: string) => ({
  functionName: 'gms-agent',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:1:function:gms-agent',
  memoryLimitInMB: '512',
  awsRequestId: id,
});

describe('JsonLogger', () => {
  afterEach(() => {
    delete process.env._X_AMZN_TRACE_ID;
  });

  it('writes one JSON line per entry with the Powertools field names; WARN and ERROR to stderr', () => {
    const { s, parsed } = sink();
    const logger = new JsonLogger('gms', 'DEBUG', s);
    logger.debug('d');
    logger.info('Agent reserved', { callbackId: 'c1', agentId: 'a1' });
    logger.warn('w');
    logger.error('e');
    const [debug, info] = parsed('stdout');
    expect(debug).toMatchObject({ level: 'DEBUG', message: 'd', service: 'gms', sampling_rate: 0 });
    expect(info).toMatchObject({ level: 'INFO', message: 'Agent reserved', callbackId: 'c1', agentId: 'a1' });
    expect(Date.parse(info!.timestamp as string)).toBeGreaterThan(0);
    expect(parsed('stderr').map((l) => l.level)).toEqual(['WARN', 'ERROR']);
  });

  it('leaves out entries below its level, which can be changed', () => {
    const { s, parsed } = sink();
    const logger = new JsonLogger('gms', 'WARN', s);
    logger.info('hidden');
    logger.debug('hidden');
    logger.warn('shown');
    logger.setLogLevel('ERROR');
    logger.warn('hidden');
    logger.error('shown');
    expect(logger.getLevelName()).toBe('ERROR');
    expect(parsed('stdout')).toEqual([]);
    expect(parsed('stderr').map((l) => l.message)).toEqual(['shown', 'shown']);
  });

  it('adds the invocation context (cold start once per process) and the trace id', () => {
    const { s, parsed } = sink();
    const logger = new JsonLogger('gms', 'INFO', s);
    process.env._X_AMZN_TRACE_ID =
      'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1';
    logger.withInvocation(context('r1'), () => logger.info('first'));
    logger.withInvocation(context('r2'), () => logger.info('second'));
    logger.info('outside');
    const [first, second, outside] = parsed('stdout');
    expect(first).toMatchObject({
      cold_start: true,
      function_arn: 'arn:aws:lambda:eu-west-1:1:function:gms-agent',
      function_memory_size: '512',
      function_name: 'gms-agent',
      function_request_id: 'r1',
      xray_trace_id: '1-5759e988-bd862e3fe1be46a994272793',
    });
    expect(second).toMatchObject({ cold_start: false, function_request_id: 'r2' });
    expect(outside).not.toHaveProperty('function_request_id');
  });

  it('keeps keys appended in an invocation to that invocation, concurrent ones included', async () => {
    const { s, parsed } = sink();
    const logger = new JsonLogger('gms', 'INFO', s);
    const tick = () => new Promise((r) => setTimeout(r, 5));
    await Promise.all(
      ['a', 'b'].map((id) =>
        logger.withInvocation(context(id), async () => {
          logger.appendKeys({ callbackId: `cb-${id}` });
          await tick();
          logger.info('after a wait');
        }),
      ),
    );
    await logger.withInvocation(context('c'), async () => logger.info('next invocation'));
    const lines = parsed('stdout');
    expect(lines.map((l) => [l.function_request_id, l.callbackId])).toEqual([
      ['a', 'cb-a'],
      ['b', 'cb-b'],
      ['c', undefined],
    ]);
  });

  it('formats errors (with their cause and own fields), BigInts and cycles without breaking the line', () => {
    const { s, parsed } = sink();
    const logger = new JsonLogger('gms', 'INFO', s);
    const cause = new TypeError('socket hang up');
    const error = Object.assign(new Error('Dial request failed', { cause }), { code: 'ECONNRESET' });
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    logger.error('Work message failed', { error, big: 10n, cyclic }, 'a note');
    const [line] = parsed('stderr');
    expect(line!.error).toMatchObject({
      name: 'Error',
      message: 'Dial request failed',
      code: 'ECONNRESET',
      cause: { name: 'TypeError', message: 'socket hang up' },
    });
    const e = line!.error as { location: string; stack: string };
    expect(e.location).toMatch(/json-logger\.test\.ts:\d+$/);
    expect(e.stack).toContain('Dial request failed');
    expect(line).toMatchObject({ big: '10', cyclic: { name: 'loop' }, extra: 'a note' });
    expect(line!.cyclic).not.toHaveProperty('self');
  });
});
