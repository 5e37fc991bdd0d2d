import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../../api';
import { getAgent, type Agent } from './agent-api';

/** The agent's state is polled: the server pushes nothing to the agent side but chat events. */
export const AGENT_POLL_MS = 1500;

/**
 * The agent the desk acts for, polled while the desk is open. `run` performs an action and takes
 * its answer (the agent afterwards) at once, so a click shows its effect without waiting for the
 * next poll.
 */
export function useAgent(agentId: string | undefined) {
  const [agent, setAgent] = useState<Agent>();
  const [error, setError] = useState<unknown>();
  const [checkedAt, setCheckedAt] = useState<Date>();
  const [busy, setBusy] = useState(false);
  const inFlight = useRef(false);

  const poll = useCallback(async () => {
    if (!agentId || inFlight.current) return;
    inFlight.current = true;
    try {
      const a = await getAgent(agentId);
      setAgent(a);
      setError(undefined);
    } catch (e) {
      // An agent that never logged in is simply not there yet: the login form shows.
      if (e instanceof ApiError && e.status === 404) setAgent(undefined);
      else setError(e);
    } finally {
      inFlight.current = false;
      setCheckedAt(new Date());
    }
  }, [agentId]);

  useEffect(() => {
    // The agent just logged in keeps showing; any other is forgotten until its first poll.
    setAgent((a) => (a?.id === agentId ? a : undefined));
    setError(undefined);
    setCheckedAt(undefined);
    if (!agentId) return;
    void poll();
    const t = setInterval(() => void poll(), AGENT_POLL_MS);
    return () => clearInterval(t);
  }, [agentId, poll]);

  const run = useCallback(async (action: () => Promise<Agent>): Promise<boolean> => {
    setBusy(true);
    setError(undefined);
    try {
      setAgent(await action());
      return true;
    } catch (e) {
      setError(e);
      return false;
    } finally {
      setBusy(false);
    }
  }, []);

  return { agent, setAgent, error, setError, checkedAt, busy, run, poll };
}
