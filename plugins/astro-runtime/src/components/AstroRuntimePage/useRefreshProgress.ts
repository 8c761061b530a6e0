import { useCallback, useEffect, useRef, useState } from 'react';
import { errorApiRef, useApi } from '@backstage/core-plugin-api';
import type { RefreshProgress } from '@backstage-astro/plugin-astro-runtime-common';
import { astroRuntimeApiRef } from '../../api';

export interface RefreshProgressState {
  progress?: RefreshProgress;
  /** Why the progress could not be read. */
  error?: Error;
  /** True while `POST /refresh` is in flight. */
  triggering: boolean;
  /** Starts a refresh; a refusal (403 for non-admins) goes to the error API. */
  refreshNow: () => Promise<void>;
  /** Increases each time a running refresh is seen to finish. */
  finishedCount: number;
}

/**
 * Reads `GET /refresh` once, then every `intervalMs` while a refresh runs;
 * `POST /refresh` on demand.
 */
export function useRefreshProgress(intervalMs: number): RefreshProgressState {
  const api = useApi(astroRuntimeApiRef);
  const errorApi = useApi(errorApiRef);
  const [progress, setProgress] = useState<RefreshProgress>();
  const [error, setError] = useState<Error>();
  const [triggering, setTriggering] = useState(false);
  const [finishedCount, setFinishedCount] = useState(0);
  const wasRunning = useRef(false);
  const mounted = useRef(true);

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const apply = useCallback((next: RefreshProgress) => {
    if (!mounted.current) return;
    setProgress(next);
    setError(undefined);
    if (wasRunning.current && !next.running) {
      setFinishedCount(c => c + 1);
    }
    wasRunning.current = next.running;
  }, []);

  const poll = useCallback(async () => {
    try {
      apply(await api.getRefreshProgress());
    } catch (e) {
      if (mounted.current) setError(e as Error);
    }
  }, [api, apply]);

  // First read.
  useEffect(() => {
    poll();
  }, [poll]);

  // Keep reading while it runs.
  const running = progress?.running ?? false;
  useEffect(() => {
    if (!running) return undefined;
    const timer = setInterval(poll, intervalMs);
    return () => clearInterval(timer);
  }, [running, poll, intervalMs]);

  const refreshNow = useCallback(async () => {
    setTriggering(true);
    try {
      apply(await api.triggerRefresh());
    } catch (e) {
      errorApi.post(e as Error);
    } finally {
      if (mounted.current) setTriggering(false);
    }
  }, [api, apply, errorApi]);

  return { progress, error, triggering, refreshNow, finishedCount };
}
