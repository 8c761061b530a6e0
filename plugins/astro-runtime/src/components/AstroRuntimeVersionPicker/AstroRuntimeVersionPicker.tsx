import { useEffect, useMemo, useState } from 'react';
import {
  FormControl,
  FormControlLabel,
  FormHelperText,
  InputLabel,
  LinearProgress,
  NativeSelect,
  Switch,
  Typography,
} from '@material-ui/core';
import { useApi } from '@backstage/core-plugin-api';
import { reasonOf } from '../../api/errors';
import useAsync from 'react-use/esm/useAsync';
import type {
  CustomFieldValidator,
  FieldExtensionComponentProps,
} from '@backstage/plugin-scaffolder-react';
import {
  RUNTIME_LINES,
  describeLine,
  type UpgradeTarget,
} from '@backstage-astro/plugin-astro-runtime-common';
import { astroRuntimeApiRef } from '../../api';
import { entityRefFrom } from '../shared/formEntityRef';
import type { AstroRuntimeVersionPickerUiOptions } from './schema';
import { loadPickerData, offeredTargets, targetProblem } from './targets';

function optionText(t: UpgradeTarget): string {
  const parts = [t.version];
  if (t.airflowVersion) parts.push(`Airflow ${t.airflowVersion}`);
  if (t.recommended) parts.push('recommended');
  if (t.support && t.support !== 'lifecycle unknown') parts.push(t.support);
  if (t.yanked) parts.push('yanked');
  if (t.prerelease) parts.push('pre-release');
  if (t.blockedReason) parts.push(t.blockedReason);
  return parts.join(' · ');
}

/**
 * Scaffolder field: the target Astro Runtime for the selected entity. Offers
 * only real versions above the entity's current Runtime (from the backend's
 * release catalog via `-common`'s `upgradeTargets`), grouped by line, with the
 * recommended one marked and each version's end of maintenance.
 *
 * @public
 */
export function AstroRuntimeVersionPicker(
  props: FieldExtensionComponentProps<
    string,
    AstroRuntimeVersionPickerUiOptions
  >,
) {
  const {
    formData,
    onChange,
    rawErrors,
    required,
    schema,
    uiSchema,
    formContext,
    idSchema,
    disabled,
    readonly,
  } = props;
  const api = useApi(astroRuntimeApiRef);
  const options = uiSchema?.['ui:options'] ?? {};
  const allowHidden = options.allowYanked !== false;
  const entityRef = entityRefFrom(formContext?.formData, options.entityField);
  const [showHidden, setShowHidden] = useState(false);

  const {
    loading,
    error,
    value: data,
  } = useAsync(() => loadPickerData(api, entityRef), [api, entityRef]);

  const targets = useMemo(
    () =>
      data
        ? offeredTargets(data, { includeHidden: allowHidden && showHidden })
        : [],
    [data, allowHidden, showHidden],
  );
  const recommended = targets.find(t => t.recommended && !t.blockedReason);

  // Pre-select the recommended version when nothing is chosen yet.
  useEffect(() => {
    if (!formData && recommended && entityRef) {
      onChange(recommended.version);
    }
  }, [formData, recommended, entityRef, onChange]);

  const id = idSchema?.$id ?? 'astro-runtime-version-picker';
  const helperId = `${id}-helper`;
  const title = schema?.title ?? 'Target Astro Runtime';
  const selected = targets.find(t => t.version === formData);
  const valueInList = Boolean(selected);

  let helper: React.ReactNode = schema?.description;
  if (!entityRef) {
    helper = 'Select the Astro project first.';
  } else if (error) {
    helper = `Could not read the Runtime of ${entityRef}: ${reasonOf(error)}`;
  } else if (data && !data.record?.status?.runtime) {
    helper = `The Runtime of ${entityRef} is unknown: every catalog version is offered.`;
  } else if (data && targets.length === 0) {
    helper = `${entityRef} is on ${data.current}: nothing newer in the release catalog.`;
  } else if (selected) {
    helper = optionText(selected);
  } else if (data?.current) {
    helper = `Current Runtime: ${data.current}.`;
  }

  return (
    <FormControl
      fullWidth
      margin="normal"
      required={required}
      error={(rawErrors?.length ?? 0) > 0 || Boolean(error)}
      disabled={disabled || readonly}
      data-testid="astro-runtime-version-picker"
    >
      <InputLabel shrink htmlFor={id}>
        {title}
      </InputLabel>
      <NativeSelect
        value={formData ?? ''}
        onChange={e => onChange(e.target.value || undefined)}
        inputProps={{
          id,
          'aria-describedby': helperId,
        }}
        disabled={disabled || readonly || loading || !entityRef || !data}
      >
        <option value="">
          {loading ? 'Loading versions…' : 'Choose a Runtime version'}
        </option>
        {formData && !valueInList ? (
          <option value={formData}>{formData} (not offered)</option>
        ) : null}
        {RUNTIME_LINES.map(line => {
          const inGroup = targets.filter(t => t.line === line);
          if (inGroup.length === 0) return null;
          return (
            <optgroup key={line} label={describeLine(line).label}>
              {inGroup.map(t => (
                <option
                  key={t.version}
                  value={t.version}
                  disabled={Boolean(t.blockedReason)}
                  data-recommended={t.recommended ? 'true' : undefined}
                >
                  {optionText(t)}
                </option>
              ))}
            </optgroup>
          );
        })}
      </NativeSelect>
      {loading ? (
        <LinearProgress aria-label="Loading Runtime versions" />
      ) : null}
      <FormHelperText id={helperId} data-testid="astro-runtime-version-helper">
        {helper}
      </FormHelperText>
      {data?.current && targets.length > 0 ? (
        <Typography variant="caption" color="textSecondary">
          Current Runtime of {entityRef}: {data.current}. Release catalog:{' '}
          {data.releases.catalog.source} as of {data.releases.catalog.asOf}.
        </Typography>
      ) : null}
      {allowHidden ? (
        <FormControlLabel
          control={
            <Switch
              checked={showHidden}
              onChange={e => setShowHidden(e.target.checked)}
              color="primary"
              size="small"
              inputProps={{
                'aria-label': 'Show yanked and pre-release versions',
              }}
            />
          }
          label="Show yanked and pre-release versions"
        />
      ) : null}
    </FormControl>
  );
}

/**
 * Validation of {@link AstroRuntimeVersionPicker}: refuses a value that is
 * not a real Runtime version above the entity's current one (or is blocked,
 * or is yanked / pre-release when the template does not allow them).
 *
 * @public
 */
export const astroRuntimeVersionPickerValidation: CustomFieldValidator<
  string,
  AstroRuntimeVersionPickerUiOptions
> = async (value, validation, context) => {
  if (!value) return;
  const api = context.apiHolder.get(astroRuntimeApiRef);
  if (!api) {
    validation.addError('The Astro Runtime API is not available');
    return;
  }
  const options = context.uiSchema?.['ui:options'] ?? {};
  const entityRef = entityRefFrom(context.formData, options.entityField);
  let data;
  try {
    data = await loadPickerData(api, entityRef);
  } catch (e) {
    validation.addError(
      `Could not check ${value} against the release catalog: ${reasonOf(
        e as Error,
      )}`,
    );
    return;
  }
  const problem = targetProblem(data, value, {
    allowHidden: options.allowYanked !== false,
  });
  if (problem) validation.addError(problem);
};
