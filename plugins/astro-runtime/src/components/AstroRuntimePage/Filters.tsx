import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import TextField from '@material-ui/core/TextField';
import GetAppIcon from '@material-ui/icons/GetApp';

export interface FilterOption {
  value: string;
  label: string;
}

export interface FiltersValue {
  search: string;
  owner: string;
  state: string;
  line: string;
  /** Only projects that must move to Airflow 3 to stay on a maintained Runtime. */
  mustMoveToAirflow3?: boolean;
  /** Only projects whose code has findings that break it on Airflow 3. */
  airflow3Blockers?: boolean;
}

/** Keeps the rows the "Must move to Airflow 3" filter lets through. */
export function applyRowFilters<
  T extends { mustMoveToAirflow3: boolean; airflow3Blockers?: number },
>(
  rows: T[],
  value: Pick<FiltersValue, 'mustMoveToAirflow3' | 'airflow3Blockers'>,
): T[] {
  return rows.filter(
    r =>
      (!value.mustMoveToAirflow3 || r.mustMoveToAirflow3) &&
      (!value.airflow3Blockers || (r.airflow3Blockers ?? 0) > 0),
  );
}

/**
 * The overall state `assess()` gives a project with a Deployment newer than
 * its repo (it takes precedence over every "behind" state, see
 * `STATE_PRECEDENCE`), so the "Downgrade blocked" switch is a shortcut for the
 * backend's state filter.
 */
export const DOWNGRADE_BLOCKED_STATE = 'downgrade-blocked';

export interface FiltersProps {
  value: FiltersValue;
  onChange: (value: FiltersValue) => void;
  owners: FilterOption[];
  states: FilterOption[];
  lines: FilterOption[];
  onExport: () => void;
  exportDisabled: boolean;
}

function FilterSelect(props: {
  id: string;
  label: string;
  allLabel: string;
  value: string;
  options: FilterOption[];
  onChange: (value: string) => void;
}) {
  const { id, label, allLabel, value, options, onChange } = props;
  return (
    <TextField
      id={id}
      select
      size="small"
      variant="outlined"
      label={label}
      value={value}
      onChange={e => onChange(e.target.value)}
      SelectProps={{ native: true }}
      InputLabelProps={{ shrink: true }}
      inputProps={{ 'data-testid': id }}
      style={{ minWidth: 180 }}
    >
      <option value="">{allLabel}</option>
      {options.map(o => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </TextField>
  );
}

/** Search, filters and the CSV export of the projects table. */
export function Filters(props: FiltersProps) {
  const { value, onChange, owners, states, lines, onExport, exportDisabled } =
    props;
  const set = (patch: Partial<FiltersValue>) =>
    onChange({ ...value, ...patch });
  return (
    <Box
      display="flex"
      alignItems="center"
      flexWrap="wrap"
      mb={2}
      style={{ gap: 16 }}
      role="search"
      aria-label="Filter Astro projects"
    >
      <TextField
        id="astro-runtime-search"
        size="small"
        variant="outlined"
        label="Search"
        placeholder="Entity name or title"
        type="search"
        value={value.search}
        onChange={e => set({ search: e.target.value })}
        inputProps={{ 'data-testid': 'astro-runtime-search' }}
      />
      <FilterSelect
        id="astro-runtime-filter-owner"
        label="Owner"
        allLabel="All owners"
        value={value.owner}
        options={owners}
        onChange={owner => set({ owner })}
      />
      <FilterSelect
        id="astro-runtime-filter-state"
        label="State"
        allLabel="All states"
        value={value.state}
        options={states}
        onChange={state => set({ state })}
      />
      <FilterSelect
        id="astro-runtime-filter-line"
        label="Line"
        allLabel="All lines"
        value={value.line}
        options={lines}
        onChange={line => set({ line })}
      />
      <FormControlLabel
        control={
          <Checkbox
            checked={value.state === DOWNGRADE_BLOCKED_STATE}
            onChange={e =>
              set({ state: e.target.checked ? DOWNGRADE_BLOCKED_STATE : '' })
            }
            inputProps={
              {
                'data-testid': 'astro-runtime-filter-downgrade-blocked',
              } as React.InputHTMLAttributes<HTMLInputElement>
            }
            color="primary"
          />
        }
        label="Downgrade blocked"
      />
      <FormControlLabel
        control={
          <Checkbox
            checked={value.mustMoveToAirflow3 === true}
            onChange={e => set({ mustMoveToAirflow3: e.target.checked })}
            inputProps={
              {
                'data-testid': 'astro-runtime-filter-must-move-to-airflow3',
              } as React.InputHTMLAttributes<HTMLInputElement>
            }
            color="primary"
          />
        }
        label="Must move to Airflow 3"
      />
      <FormControlLabel
        control={
          <Checkbox
            checked={value.airflow3Blockers === true}
            onChange={e => set({ airflow3Blockers: e.target.checked })}
            inputProps={
              {
                'data-testid': 'astro-runtime-filter-airflow3-blockers',
              } as React.InputHTMLAttributes<HTMLInputElement>
            }
            color="primary"
          />
        }
        label="Airflow 3 blockers in code"
      />
      <Box flexGrow={1} />
      <Button
        variant="outlined"
        startIcon={<GetAppIcon />}
        onClick={onExport}
        disabled={exportDisabled}
        data-testid="astro-runtime-export-csv"
      >
        Export CSV
      </Button>
    </Box>
  );
}
