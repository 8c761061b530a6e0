import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { createFieldValidation } from '@backstage/plugin-scaffolder-react/alpha';
import {
  assess,
  getBundledCatalog,
  type ReleasesResponse,
} from '@backstage-astro/plugin-astro-runtime-common';
import { astroRuntimeApiRef, type AstroRuntimeApi } from '../../api';
import { AF2, recordFor, statusFor } from '../../__testUtils__/fixtures';
import { mockAstroRuntimeApi, responseError } from '../../__testUtils__/render';
import {
  AstroRuntimeVersionPicker,
  astroRuntimeVersionPickerValidation,
} from './AstroRuntimeVersionPicker';

const releases: ReleasesResponse = {
  catalog: getBundledCatalog(),
  ageSeconds: 3600,
};

function apiFor(repoTag: string | undefined) {
  return mockAstroRuntimeApi({
    getReleases: jest.fn(async () => releases),
    getEntityStatus: jest.fn(async (ref: string) =>
      recordFor(
        ref.split('/')[1],
        repoTag ? statusFor(`FROM ${AF2}:${repoTag}\n`) : statusFor(undefined),
      ),
    ),
  });
}

async function renderPicker(options: {
  api: AstroRuntimeApi;
  value?: string;
  formData?: Record<string, unknown>;
  uiOptions?: Record<string, unknown>;
  onChange?: jest.Mock;
}) {
  const onChange = options.onChange ?? jest.fn();
  const props = {
    formData: options.value,
    onChange,
    rawErrors: [],
    required: true,
    schema: { type: 'string', title: 'Target Runtime' },
    uiSchema: { 'ui:options': options.uiOptions ?? {} },
    idSchema: { $id: 'root_targetVersion' },
    formContext: {
      formData: options.formData ?? { entity: 'component:default/orders' },
    },
  } as any;
  await renderInTestApp(
    <TestApiProvider apis={[[astroRuntimeApiRef, options.api]]}>
      <AstroRuntimeVersionPicker {...props} />
    </TestApiProvider>,
  );
  return { onChange };
}

async function select() {
  const el = screen.getByLabelText(/Target Runtime/) as HTMLSelectElement;
  await waitFor(() => expect(el).not.toBeDisabled());
  return el;
}

function optionValues(el: HTMLSelectElement, group?: string) {
  const root = group
    ? (el.querySelector(`optgroup[label="${group}"]`) as HTMLElement | null)
    : el;
  if (!root) return [];
  return Array.from(root.querySelectorAll('option'))
    .map(o => o.value)
    .filter(Boolean);
}

async function validate(
  value: string,
  api: AstroRuntimeApi,
  uiOptions: Record<string, unknown> = {},
  formData: Record<string, unknown> = { entity: 'component:default/orders' },
) {
  const validation = createFieldValidation();
  await astroRuntimeVersionPickerValidation(value, validation, {
    apiHolder: {
      get: (ref: any) => (ref.id === astroRuntimeApiRef.id ? api : undefined),
    } as any,
    formData: formData as any,
    schema: {},
    uiSchema: { 'ui:options': uiOptions } as any,
  });
  return validation.__errors ?? [];
}

describe('AstroRuntimeVersionPicker', () => {
  it('offers only versions above the current Runtime, grouped by line', async () => {
    const api = apiFor('12.4.0');
    await renderPicker({ api, value: '13.1.0' });
    const el = await select();
    expect(api.getEntityStatus).toHaveBeenCalledWith(
      'component:default/orders',
      expect.anything(),
    );
    const af2 = optionValues(el, 'Airflow 2 (X.Y.Z)');
    const af3 = optionValues(el, 'Airflow 3 (X.Y-N)');
    expect(af2).toEqual([
      '13.1.0',
      '13.0.0',
      '12.9.0',
      '12.8.0',
      '12.6.0',
      '12.5.0',
    ]);
    expect(af3).toContain('3.3-2');
    expect(af3).toContain('3.0-2');
    expect(optionValues(el)).not.toContain('12.4.0');
    expect(optionValues(el)).not.toContain('12.3.0');
    // Airflow 3 group comes first (newest line first).
    const groups = Array.from(el.querySelectorAll('optgroup')).map(
      g => g.label,
    );
    expect(groups).toEqual(['Airflow 3 (X.Y-N)', 'Airflow 2 (X.Y.Z)']);
  });

  it('marks the recommended version and shows support ends', async () => {
    await renderPicker({ api: apiFor('12.4.0'), value: '13.1.0' });
    const el = await select();
    const recommended = el.querySelector('option[data-recommended="true"]');
    expect(recommended).toHaveValue('13.1.0');
    expect(recommended).toHaveTextContent('recommended');
    expect(
      within(el).getByRole('option', { name: /^13\.0\.0 / }),
    ).toHaveTextContent(/maintained until \d{4}-\d{2}-\d{2}/);
    expect(
      screen.getByTestId('astro-runtime-version-helper'),
    ).toHaveTextContent(/^13\.1\.0 · (.* · )?recommended · maintained until/);
  });

  it('labels support truthfully at the assessment time (December 2026)', async () => {
    const api = mockAstroRuntimeApi({
      getReleases: jest.fn(async () => releases),
      getEntityStatus: jest.fn(async (ref: string) =>
        recordFor(
          ref.split('/')[1],
          assess({
            project: { dockerfile: `FROM ${AF2}:12.4.0\n` },
            catalog: getBundledCatalog(),
            now: new Date('2026-12-02T00:00:00Z'),
          }),
        ),
      ),
    });
    await renderPicker({ api, value: '13.1.0' });
    const el = await select();
    expect(el.querySelector('option[data-recommended="true"]')).toHaveValue(
      '3.3-2',
    );
    expect(
      within(el).getByRole('option', { name: /^13\.1\.0 / }),
    ).toHaveTextContent(
      'maintenance ended 2026-11-30, basic support until 2027-11-30',
    );
    expect(
      within(el).getByRole('option', { name: /^3\.3-2 / }),
    ).toHaveTextContent('maintained at least until 2027-04-30 (policy)');
  });

  it('pre-selects the recommended version when nothing is chosen', async () => {
    const { onChange } = await renderPicker({ api: apiFor('12.4.0') });
    await waitFor(() => expect(onChange).toHaveBeenCalledWith('13.1.0'));
  });

  it('changes the value when a version is picked', async () => {
    const { onChange } = await renderPicker({
      api: apiFor('12.4.0'),
      value: '13.1.0',
    });
    const el = await select();
    await userEvent.selectOptions(el, '13.0.0');
    expect(onChange).toHaveBeenLastCalledWith('13.0.0');
  });

  it('lists Airflow 3 from below Runtime 12 as blocked, with the reason', async () => {
    await renderPicker({ api: apiFor('11.2.0'), value: '13.1.0' });
    const el = await select();
    const af3 = el.querySelector('optgroup[label="Airflow 3 (X.Y-N)"]')!;
    const options = Array.from(af3.querySelectorAll('option'));
    expect(options.length).toBeGreaterThan(0);
    for (const o of options) {
      expect(o).toBeDisabled();
      expect(o).toHaveTextContent('needs Runtime 12.0.0');
    }
    expect(
      within(el).getByRole('option', { name: /^13\.1\.0 / }),
    ).not.toBeDisabled();
  });

  it('hides yanked versions unless the toggle is on', async () => {
    await renderPicker({ api: apiFor('10.8.0'), value: '13.1.0' });
    const el = await select();
    expect(optionValues(el)).not.toContain('11.0.0');
    expect(optionValues(el)).toContain('11.2.0');
    await userEvent.click(
      screen.getByRole('checkbox', {
        name: 'Show yanked and pre-release versions',
      }),
    );
    expect(optionValues(el)).toContain('11.0.0');
    expect(
      within(el).getByRole('option', { name: /^11\.0\.0 / }),
    ).toHaveTextContent('yanked');
  });

  it('offers no toggle when the template does not allow yanked versions', async () => {
    await renderPicker({
      api: apiFor('10.8.0'),
      value: '13.1.0',
      uiOptions: { allowYanked: false },
    });
    await select();
    expect(
      screen.queryByRole('checkbox', {
        name: 'Show yanked and pre-release versions',
      }),
    ).toBeNull();
  });

  it('asks for the entity first when none is selected', async () => {
    const api = apiFor('12.4.0');
    await renderPicker({ api, formData: {} });
    await waitFor(() =>
      expect(
        screen.getByTestId('astro-runtime-version-helper'),
      ).toHaveTextContent('Select the Astro project first.'),
    );
    expect(screen.getByLabelText(/Target Runtime/)).toBeDisabled();
    expect(api.getEntityStatus).not.toHaveBeenCalled();
  });

  it('reads the entity from the field named in ui:options', async () => {
    const api = apiFor('12.4.0');
    await renderPicker({
      api,
      value: '13.1.0',
      formData: { project: 'component:default/billing' },
      uiOptions: { entityField: 'project' },
    });
    await select();
    expect(api.getEntityStatus).toHaveBeenCalledWith(
      'component:default/billing',
      expect.anything(),
    );
  });

  it('says why when the entity status cannot be read', async () => {
    const api = mockAstroRuntimeApi({
      getReleases: jest.fn(async () => releases),
      getEntityStatus: jest.fn(async () => {
        throw await responseError(422, 'InputError', 'not an Astro project');
      }),
    });
    await renderPicker({ api });
    await waitFor(() =>
      expect(
        screen.getByTestId('astro-runtime-version-helper'),
      ).toHaveTextContent(
        'Could not read the Runtime of component:default/orders: not an Astro project',
      ),
    );
  });

  it('keeps a pre-filled value that is not offered visible, marked', async () => {
    await renderPicker({ api: apiFor('12.4.0'), value: '12.1.0' });
    const el = await select();
    expect(el).toHaveValue('12.1.0');
    expect(
      within(el).getByRole('option', { name: '12.1.0 (not offered)' }),
    ).toBeInTheDocument();
  });
});

describe('astroRuntimeVersionPickerValidation', () => {
  it('accepts an offered version', async () => {
    expect(await validate('13.1.0', apiFor('12.4.0'))).toEqual([]);
    expect(await validate('3.3-2', apiFor('12.4.0'))).toEqual([]);
  });

  it('refuses the current version, older ones and unknown ones', async () => {
    expect(await validate('12.4.0', apiFor('12.4.0'))).toEqual([
      '12.4.0 is not a Runtime version above 12.4.0 in the release catalog',
    ]);
    expect(await validate('11.2.0', apiFor('12.4.0'))).toHaveLength(1);
    expect(await validate('99.0.0', apiFor('12.4.0'))).toEqual([
      '99.0.0 is not a Runtime version above 12.4.0 in the release catalog',
    ]);
    expect(await validate('latest', apiFor('12.4.0'))).toHaveLength(1);
  });

  it('refuses a blocked move to Airflow 3', async () => {
    const errors = await validate('3.3-2', apiFor('11.2.0'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^3\.3-2: Airflow 3 needs Runtime 12\.0\.0/);
  });

  it('refuses yanked versions unless the template allows them', async () => {
    expect(await validate('11.0.0', apiFor('10.8.0'))).toEqual([]);
    expect(
      await validate('11.0.0', apiFor('10.8.0'), { allowYanked: false }),
    ).toEqual(['11.0.0 is yanked: pick a stable version']);
  });

  it('reads the entity from the configured field', async () => {
    const api = apiFor('12.4.0');
    await validate(
      '13.1.0',
      api,
      { entityField: 'project' },
      {
        project: 'component:default/billing',
      },
    );
    expect(api.getEntityStatus).toHaveBeenCalledWith(
      'component:default/billing',
      expect.anything(),
    );
  });

  it('reports when it cannot check', async () => {
    const api = mockAstroRuntimeApi({
      getReleases: jest.fn(async () => {
        throw new Error('backend down');
      }),
      getEntityStatus: jest.fn(async () => recordFor('orders', undefined)),
    });
    expect(await validate('13.1.0', api)).toEqual([
      'Could not check 13.1.0 against the release catalog: backend down',
    ]);
  });
});
