import { useMemo } from 'react';
import {
  discoveryApiRef,
  fetchApiRef,
  useApi,
} from '@backstage/core-plugin-api';
import { TechInsightsScorecardClient } from './TechInsightsScorecardClient';

/** A TechInsightsScorecardClient over the app's discovery and fetch APIs. */
export function useScorecardClient(): TechInsightsScorecardClient {
  const discoveryApi = useApi(discoveryApiRef);
  const fetchApi = useApi(fetchApiRef);
  return useMemo(
    () => new TechInsightsScorecardClient({ discoveryApi, fetchApi }),
    [discoveryApi, fetchApi],
  );
}
