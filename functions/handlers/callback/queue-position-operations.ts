import { operation } from '../../http/define-route.js';
import { json } from '../../http/http-result.js';
import { checkQueuePosition, checkQueuePositionGet } from '../../routes/callback-session-routes.js';
import { queuePosition, type QueuePositionPorts } from '../../use-cases/callback/queue-position.js';

const answer = async ({ params }: { params: { service: string } }, ports: QueuePositionPorts) => {
  const place = await queuePosition(ports, params.service);
  return json({
    _position: place.position,
    _eta: place.eta,
    _total_waiting: place.totalWaiting,
    _agent_ready_threshold_passed: place.readyThresholdPassed,
    _agent_ready_threshold_passed_reason: place.readyThresholdReason,
  });
};

/** `check-queue-position` (GET or POST; `service` is the callback id). */
export const queuePositionOperations = [
  operation(checkQueuePositionGet, answer),
  operation(checkQueuePosition, answer),
];
