import { Chip } from '@material-ui/core';
import { Link } from '@backstage/core-components';
import type {
  EntityStatusRecord,
  RuntimeStatus,
} from '@backstage-astro/plugin-astro-runtime-common';
import { Fact, Facts, Section, useCardStyles } from './CardSection';

function dockerfileLabel(projectPath: string | undefined): string {
  return projectPath && projectPath !== '.'
    ? `${projectPath}/Dockerfile`
    : 'Dockerfile';
}

/**
 * "Repository": the Runtime the Dockerfile names, its image, Airflow and
 * Python versions, variants, and where the Dockerfile decides it.
 */
export function RepositorySection(props: {
  record: EntityStatusRecord;
  status: RuntimeStatus;
}) {
  const { record, status } = props;
  const classes = useCardStyles();
  const runtime = status.runtime;
  const release = status.release;
  const python = runtime?.python ?? release?.defaultPythonVersion;
  const dockerfile = dockerfileLabel(record.projectPath);

  return (
    <Section id="astro-runtime-repo-title" title="Repository">
      <Facts>
        <Fact label="Runtime" testId="astro-runtime-current">
          {runtime ? (
            <span className={classes.code}>
              {runtime.raw || runtime.version}
            </span>
          ) : (
            <span className={classes.muted}>
              {status.image ? status.image.raw : 'not found'}
            </span>
          )}
        </Fact>
        {status.image && runtime ? (
          <Fact label="Image" testId="astro-runtime-image">
            {status.image.registry ? `${status.image.registry}/` : ''}
            {status.image.repository}
          </Fact>
        ) : null}
        {release?.airflowVersion ? (
          <Fact label="Airflow" testId="astro-runtime-airflow">
            {release.airflowVersion}
          </Fact>
        ) : null}
        {python ? (
          <Fact label="Python" testId="astro-runtime-python">
            {python}
            {runtime?.python ? null : (
              <span className={classes.muted}> (image default)</span>
            )}
          </Fact>
        ) : null}
        {runtime && runtime.variants.length > 0 ? (
          <Fact label="Variants" testId="astro-runtime-variants">
            <span className={classes.chips}>
              {runtime.variants.map(v => (
                <Chip key={v} size="small" label={v} />
              ))}
            </span>
          </Fact>
        ) : null}
        <Fact label="Dockerfile" testId="astro-runtime-dockerfile">
          {record.dockerfileUrl ? (
            <Link to={record.dockerfileUrl}>{dockerfile}</Link>
          ) : (
            <span>{dockerfile}</span>
          )}
          {status.decidedBy ? (
            <span className={classes.muted}>
              {' '}
              (line {status.decidedBy.fromLine}
              {status.decidedBy.argName
                ? `, ARG ${status.decidedBy.argName} on line ${status.decidedBy.argLine}`
                : ''}
              )
            </span>
          ) : null}
        </Fact>
      </Facts>
    </Section>
  );
}
