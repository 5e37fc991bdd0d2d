import { describe, expect, it } from 'vitest';
import { isPrivateHost, webhookUrlProblem } from '../../../../functions/domain/push/webhook-url.js';

describe('httpcb URL check', () => {
  it('accepts public http(s) URLs', () => {
    expect(webhookUrlProblem('https://push.example.com/gms?x=1', false)).toBeUndefined();
    expect(webhookUrlProblem('http://203.0.113.9:8080/hook', false)).toBeUndefined();
  });

  it.each([
    [undefined, /is empty/],
    ['', /is empty/],
    ['b16416334828b1d26ef1', /not a URL/],
    ['ftp://example.com/x', /http\(s\) URL, not ftp:/],
    ['https://user:pw@example.com/', /credentials/],
    ['http://127.0.0.1:9000/', /private or local/],
    ['http://localhost/', /private or local/],
    ['http://169.254.169.254/latest/meta-data', /private or local/],
    ['http://10.1.2.3/', /private or local/],
    ['http://172.20.0.1/', /private or local/],
    ['http://192.168.1.1/', /private or local/],
    ['http://[::1]/', /private or local/],
    ['http://[::ffff:127.0.0.1]/', /private or local/],
    ['http://[fd00::1]/', /private or local/],
    ['http://metadata.google.internal/', /private or local/],
  ])('refuses %j in AWS', (value, problem) => {
    expect(webhookUrlProblem(value, false)).toMatch(problem);
  });

  it('lets local mode post to this machine', () => {
    expect(webhookUrlProblem('http://127.0.0.1:9000/hook', true)).toBeUndefined();
    expect(webhookUrlProblem('ftp://127.0.0.1/', true)).toMatch(/http\(s\)/);
  });

  it('tells private from public addresses', () => {
    expect(isPrivateHost('172.15.0.1')).toBe(false);
    expect(isPrivateHost('172.32.0.1')).toBe(false);
    expect(isPrivateHost('100.64.0.1')).toBe(true);
    expect(isPrivateHost('8.8.8.8')).toBe(false);
    expect(isPrivateHost('2001:db8::1')).toBe(false);
    expect(isPrivateHost('fe80::1')).toBe(true);
  });
});

describe('IPv4-mapped IPv6', () => {
  it('checks the embedded IPv4 address in dotted and hex form', () => {
    expect(isPrivateHost('::ffff:10.0.0.1')).toBe(true);
    expect(isPrivateHost('::ffff:7f00:1')).toBe(true);
    expect(isPrivateHost('::ffff:a9fe:a9fe')).toBe(true);
    expect(isPrivateHost('::ffff:808:808')).toBe(false);
  });
});
