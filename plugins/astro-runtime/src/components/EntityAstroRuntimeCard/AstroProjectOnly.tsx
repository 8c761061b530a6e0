import type { ReactNode } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { useApiHolder } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { isAstroRuntimeAvailable } from './isAstroRuntimeAvailable';

/**
 * Renders its children only on entities the Astro Runtime backend knows as
 * Astro projects ({@link isAstroRuntimeAvailable}): the new frontend
 * system's entity cards, whose filters cannot ask the backend.
 */
export function AstroProjectOnly(props: { children: ReactNode }) {
  const { entity } = useEntity();
  const apis = useApiHolder();
  const ref = stringifyEntityRef(entity);
  const { value } = useAsync(
    async () => isAstroRuntimeAvailable(entity, { apis }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [ref, apis],
  );
  return value ? <>{props.children}</> : null;
}
