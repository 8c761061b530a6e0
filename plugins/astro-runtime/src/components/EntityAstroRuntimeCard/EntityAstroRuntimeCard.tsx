import { useCallback, useEffect, useRef, useState } from 'react';
import { Box, IconButton, Tooltip } from '@material-ui/core';
import { Alert, AlertTitle } from '@material-ui/lab';
import RefreshIcon from '@material-ui/icons/Refresh';
import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { reasonOf } from '../../api/errors';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  astroRuntimeRefreshPermission,
  describeState,
  type EntityStatusRecord,
} from '@backstage-astro/plugin-astro-runtime-common';
import { astroRuntimeApiRef } from '../../api';
import { SeverityStatus } from '../shared/SeverityStatus';
import {
  ASTRO_DEPLOYMENT_ID_ANNOTATION,
  ASTRO_PROJECT_PATH_ANNOTATION,
  isAstroRuntimeAnnotated,
} from './isAstroRuntimeAvailable';
import { RuntimeStatusView } from './RuntimeStatusView';

/** Props of {@link EntityAstroRuntimeCard}. @public */
export interface EntityAstroRuntimeCardProps {
  /** InfoCard variant, e.g. `gridItem` to fill the grid cell. */
  variant?: 'gridItem' | 'fullHeight';
  title?: string;
}

type Load =
  | { kind: 'loading' }
  | { kind: 'error'; error: Error }
  | { kind: 'ok'; record: EntityStatusRecord };

function statusCodeOf(error: unknown): number | undefined {
  return ResponseError.is(error) ? error.statusCode : undefined;
}

function Wrapper(props: {
  title: string;
  variant?: EntityAstroRuntimeCardProps['variant'];
  subheader?: React.ReactNode;
  action?: React.ReactNode;
  children: React.ReactNode;
}) {
  return (
    <div data-testid="astro-runtime-card" style={{ height: '100%' }}>
      <InfoCard
        title={props.title}
        subheader={props.subheader}
        action={props.action}
        variant={props.variant}
      >
        {props.children}
      </InfoCard>
    </div>
  );
}

/**
 * The Astro Runtime card of a catalog entity: its repo's Runtime, its
 * Deployments, what to upgrade to and what to watch for.
 *
 * @public
 */
export function EntityAstroRuntimeCard(props: EntityAstroRuntimeCardProps) {
  const title = props.title ?? 'Astro Runtime';
  // no annotation check here: the backend answers for annotated entities and
  // for Components it detected from their Dockerfile alike
  return <AstroRuntimeCardContent {...props} title={title} />;
}

function AstroRuntimeCardContent(
  props: EntityAstroRuntimeCardProps & { title: string },
) {
  const { entity } = useEntity();
  const api = useApi(astroRuntimeApiRef);
  const entityRef = stringifyEntityRef(entity);
  const [load, setLoad] = useState<Load>({ kind: 'loading' });
  const [refreshing, setRefreshing] = useState(false);
  const [refreshError, setRefreshError] = useState<Error | undefined>();
  const mounted = useRef(true);

  useEffect(() => {
    mounted.current = true;
    const controller = new AbortController();
    setLoad({ kind: 'loading' });
    setRefreshError(undefined);
    api
      .getEntityStatus(entityRef, { signal: controller.signal })
      .then(record => {
        if (!controller.signal.aborted) setLoad({ kind: 'ok', record });
      })
      .catch(error => {
        if (!controller.signal.aborted) setLoad({ kind: 'error', error });
      });
    return () => {
      mounted.current = false;
      controller.abort();
    };
  }, [api, entityRef]);

  const reassess = useCallback(async () => {
    setRefreshing(true);
    setRefreshError(undefined);
    try {
      const record = await api.getEntityStatus(entityRef, { fresh: true });
      if (mounted.current) setLoad({ kind: 'ok', record });
    } catch (error) {
      if (mounted.current) setRefreshError(error as Error);
    } finally {
      if (mounted.current) setRefreshing(false);
    }
  }, [api, entityRef]);

  // reassessing (`?fresh=true`) needs astro-runtime.refresh: no button
  // without it, a disabled one while that is being checked
  const refreshPermission = usePermission({
    permission: astroRuntimeRefreshPermission,
  });
  const refreshButton =
    refreshPermission.loading || refreshPermission.allowed ? (
      <Tooltip title="Reassess now (reads the Dockerfile and Deployments again)">
        <span>
          <IconButton
            aria-label="Reassess now"
            onClick={reassess}
            disabled={
              refreshing || load.kind === 'loading' || refreshPermission.loading
            }
            data-testid="astro-runtime-refresh"
          >
            <RefreshIcon />
          </IconButton>
        </span>
      </Tooltip>
    ) : undefined;

  const record = load.kind === 'ok' ? load.record : undefined;
  const status = record?.status;
  const stateInfo = status ? describeState(status.state) : undefined;
  const subheader =
    status && stateInfo ? (
      <span data-testid="astro-runtime-state" data-state={status.state}>
        <SeverityStatus severity={status.severity}>
          <span title={stateInfo.description}>{stateInfo.label}</span>
        </SeverityStatus>
      </span>
    ) : undefined;

  let body: React.ReactNode;
  if (load.kind === 'loading') {
    body = <Progress aria-label="Loading Astro Runtime status" />;
  } else if (load.kind === 'error') {
    const code = statusCodeOf(load.error);
    if (code === 422 && !isAstroRuntimeAnnotated(entity)) {
      // the backend does not know it as an Astro project: say how to declare it
      body = (
        <MissingAnnotationEmptyState
          annotation={[
            ASTRO_DEPLOYMENT_ID_ANNOTATION,
            ASTRO_PROJECT_PATH_ANNOTATION,
          ]}
        />
      );
    } else if (code === 422) {
      body = (
        <div data-testid="astro-runtime-not-astro">
          <EmptyState
            missing="info"
            title="Not an Astro project"
            description={`${reasonOf(
              load.error,
            )}. The card reads the Dockerfile at the entity's source location (or the folder named by ${ASTRO_PROJECT_PATH_ANNOTATION}); it must be based on an Astro Runtime image.`}
          />
        </div>
      );
    } else if (code === 404) {
      body = (
        <div data-testid="astro-runtime-error">
          <EmptyState
            missing="data"
            title="No Astro Runtime status for this entity"
            description={`${reasonOf(
              load.error,
            )}. The entity may be unknown to the Astro Runtime backend or not visible to you.`}
          />
        </div>
      );
    } else {
      body = (
        <div data-testid="astro-runtime-error">
          <ResponseErrorPanel
            error={load.error}
            title="Could not load the Astro Runtime status"
          />
        </div>
      );
    }
  } else if (record && status) {
    body = (
      <RuntimeStatusView
        record={record}
        status={status}
        entityRef={entityRef}
        now={new Date()}
      />
    );
  } else {
    // A record without any successful assessment yet.
    body = record?.error ? (
      <Alert severity="error" data-testid="astro-runtime-error">
        <AlertTitle>Could not assess this project</AlertTitle>
        {record.error.message}
        {record.error.code ? ` (${record.error.code})` : ''}
      </Alert>
    ) : (
      <div data-testid="astro-runtime-not-assessed">
        <EmptyState
          missing="data"
          title="Not assessed yet"
          description="The Astro Runtime backend has no status for this entity yet: reassess it now."
        />
      </div>
    );
  }

  return (
    <Wrapper
      title={props.title}
      variant={props.variant}
      subheader={subheader}
      action={refreshButton}
    >
      {refreshing ? (
        <Progress aria-label="Reassessing the Astro Runtime status" />
      ) : null}
      {refreshError ? (
        <Box mb={2}>
          <Alert severity="error" data-testid="astro-runtime-refresh-error">
            <AlertTitle>Reassessment failed</AlertTitle>
            {reasonOf(refreshError)}
            {record?.status ? '. Showing the stored status.' : ''}
          </Alert>
        </Box>
      ) : null}
      {body}
    </Wrapper>
  );
}
