import { describe, expect, it } from 'vitest';
import {
  endpointArnPrefix,
  isNativePushType,
  nativePlatformFor,
  nativePushData,
  nativePushMessage,
} from '../../../../functions/domain/push/native-push-payload.js';
import { nativeDeviceChannels } from '../../../../functions/domain/push/native-platforms.js';

const agentAvailable = {
  id: 'n-1',
  tag: 'service.agentavailable.369-abc',
  message: { _id: '369-abc', _action: 'ConnectCall' },
};

describe('native push payload', () => {
  it('builds the APNS payload: the message fields, id and tag beside a content-available aps', () => {
    const structure = JSON.parse(nativePushMessage('APNS', agentAvailable)) as Record<string, string>;
    expect(Object.keys(structure).sort()).toEqual(['APNS', 'default']);
    expect(structure.default).toBe('service.agentavailable.369-abc');
    expect(JSON.parse(structure.APNS!)).toEqual({
      _id: '369-abc',
      _action: 'ConnectCall',
      id: 'n-1',
      tag: 'service.agentavailable.369-abc',
      aps: { 'content-available': 1 },
    });
  });

  it('puts the APNS_SANDBOX payload under its own key, with alert, sound and badge from the device', () => {
    const structure = JSON.parse(
      nativePushMessage('APNS_SANDBOX', agentAvailable, {
        alert: 'Agent ready',
        sound: 'default',
        badge: '2',
      }),
    ) as Record<string, string>;
    expect(structure.APNS).toBeUndefined();
    expect(JSON.parse(structure.APNS_SANDBOX!).aps).toEqual({
      'content-available': 1,
      alert: 'Agent ready',
      sound: 'default',
      badge: 2,
    });
  });

  it('builds the GCM payload as high-priority string data, with a notification only when asked for', () => {
    const plain = JSON.parse(JSON.parse(nativePushMessage('GCM', agentAvailable)).GCM as string);
    expect(plain).toEqual({
      data: { _id: '369-abc', _action: 'ConnectCall', id: 'n-1', tag: 'service.agentavailable.369-abc' },
      priority: 'high',
    });
    const shown = JSON.parse(
      JSON.parse(nativePushMessage('GCM', agentAvailable, { title: 'GMS', body: 'Agent ready' }))
        .GCM as string,
    );
    expect(shown.notification).toEqual({ title: 'GMS', body: 'Agent ready' });
  });

  it('sends nested values as JSON text and a non-object message as `message`', () => {
    expect(nativePushData({ id: 'n', tag: 't', message: { a: [1, 2], b: 3 } })).toEqual({
      a: '[1,2]',
      b: '3',
      id: 'n',
      tag: 't',
    });
    expect(nativePushData({ id: 'n', tag: 't', message: 'hello' })).toEqual({
      message: 'hello',
      id: 'n',
      tag: 't',
    });
  });

  it('keeps only the short fields of a message too large for a push, marked truncated', () => {
    const data = nativePushData({
      id: 'n',
      tag: 'service.chat.refresh.c1',
      message: { chatSessionId: 'c1', transcriptToShow: ['x'.repeat(5000)] },
    });
    expect(data).toEqual({ chatSessionId: 'c1', id: 'n', tag: 'service.chat.refresh.c1', truncated: 'true' });
  });

  it('chooses the platform application from the GMS type, the debug property and what is configured', () => {
    const all = ['APNS', 'APNS_SANDBOX', 'GCM'] as const;
    expect(nativePlatformFor('iOS', undefined, all)).toBe('APNS');
    expect(nativePlatformFor('ios', { debug: 'true' }, all)).toBe('APNS_SANDBOX');
    expect(nativePlatformFor('ios', { debug: 'true' }, ['APNS'])).toBe('APNS');
    expect(nativePlatformFor('ios', undefined, ['APNS_SANDBOX'])).toBe('APNS_SANDBOX');
    for (const t of ['android', 'gcm', 'FCM']) expect(nativePlatformFor(t, undefined, all)).toBe('GCM');
    expect(nativePlatformFor('android', undefined, ['APNS'])).toBeUndefined();
    expect(nativePlatformFor('httpcb', undefined, all)).toBeUndefined();
  });

  it('registers only the types whose platform is configured', () => {
    expect(Object.keys(nativeDeviceChannels(['APNS_SANDBOX'], 'c'))).toEqual(['ios']);
    expect(Object.keys(nativeDeviceChannels(['GCM'], 'c')).sort()).toEqual(['android', 'fcm', 'gcm']);
    expect(nativeDeviceChannels([], 'c')).toEqual({});
    expect(isNativePushType('IOS')).toBe(true);
    expect(isNativePushType('comet')).toBe(false);
  });

  it('derives the endpoint ARN prefix of a platform application', () => {
    expect(endpointArnPrefix('arn:aws:sns:eu-west-1:111122223333:app/APNS/gms-ios')).toBe(
      'arn:aws:sns:eu-west-1:111122223333:endpoint/APNS/gms-ios/',
    );
  });
});
