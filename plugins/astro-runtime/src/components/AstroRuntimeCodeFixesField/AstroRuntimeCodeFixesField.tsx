import { useEffect } from 'react';
import {
  Checkbox,
  FormControl,
  FormControlLabel,
  FormHelperText,
  LinearProgress,
} from '@material-ui/core';
import { useApi } from '@backstage/core-plugin-api';
import { reasonOf } from '../../api/errors';
import useAsync from 'react-use/esm/useAsync';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { astroRuntimeApiRef } from '../../api';
import { formatTimestamp } from '../EntityAstroRuntimeCard/format';
import { entityRefFrom } from '../shared/formEntityRef';
import type { AstroRuntimeCodeFixesFieldUiOptions } from './schema';

const DEFAULT_TITLE = "Apply ruff's safe fixes";

function plural(n: number, one: string, many = `${one}s`) {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * Scaffolder field: the "Apply ruff's safe fixes (N files)" checkbox. Reads
 * the selected entity's status and labels the box with the number of Python
 * files that have at least one safe fix in its last code scan; disabled when
 * there is none. Without a scan (or when the status cannot be read) the box
 * is offered without a number: the upgrade action scans the code itself.
 *
 * @public
 */
export function AstroRuntimeCodeFixesField(
  props: FieldExtensionComponentProps<
    boolean,
    AstroRuntimeCodeFixesFieldUiOptions
  >,
) {
  const {
    formData,
    onChange,
    schema,
    uiSchema,
    formContext,
    idSchema,
    disabled,
    readonly,
  } = props;
  const api = useApi(astroRuntimeApiRef);
  const options = uiSchema?.['ui:options'] ?? {};
  const entityRef = entityRefFrom(formContext?.formData, options.entityField);

  const { loading, error, value } = useAsync(
    async () => (entityRef ? api.getEntityStatus(entityRef) : undefined),
    [api, entityRef],
  );
  // the last code scan counts the files with a safe fix (-common's
  // summarizeCodeScans); absent when the code was never scanned
  const code = value?.status?.code;
  const nothingToFix = code?.fixableFiles === 0;

  // A box that cannot change anything is never left ticked.
  useEffect(() => {
    if (nothingToFix && formData) onChange(false);
  }, [nothingToFix, formData, onChange]);

  const id = idSchema?.$id ?? 'astro-runtime-code-fixes';
  const helperId = `${id}-helper`;
  const title = schema?.title ?? DEFAULT_TITLE;
  const label = code
    ? `${title} (${plural(code.fixableFiles, 'file')})`
    : title;

  let helper: React.ReactNode = schema?.description;
  if (!entityRef) {
    helper = 'Select the Astro project first.';
  } else if (error) {
    helper = `Could not read the code findings of ${entityRef}: ${reasonOf(
      error,
    )}. The upgrade scans the code when it runs.`;
  } else if (value && !code) {
    helper = `The code of ${entityRef} has not been scanned yet: the upgrade scans it when it runs.`;
  } else if (code && nothingToFix) {
    helper = `Ruff found no safe fix in the code of ${entityRef} (scanned ${formatTimestamp(
      code.scannedAt,
    )}).`;
  } else if (code) {
    helper = (
      <>
        {schema?.description ? `${schema.description} ` : ''}
        Files counted from the code scan of {formatTimestamp(code.scannedAt)}
        {code.error ? ' (the newest rescan failed)' : ''}.
      </>
    );
  }

  return (
    <FormControl
      fullWidth
      margin="normal"
      disabled={disabled || readonly}
      data-testid="astro-runtime-code-fixes"
    >
      <FormControlLabel
        label={label}
        control={
          <Checkbox
            id={id}
            color="primary"
            checked={Boolean(formData) && !nothingToFix}
            onChange={e => onChange(e.target.checked)}
            disabled={
              disabled || readonly || loading || !entityRef || nothingToFix
            }
            inputProps={{ 'aria-describedby': helperId }}
          />
        }
      />
      {loading ? (
        <LinearProgress aria-label="Loading the code findings" />
      ) : null}
      <FormHelperText
        id={helperId}
        data-testid="astro-runtime-code-fixes-helper"
      >
        {helper}
      </FormHelperText>
    </FormControl>
  );
}
