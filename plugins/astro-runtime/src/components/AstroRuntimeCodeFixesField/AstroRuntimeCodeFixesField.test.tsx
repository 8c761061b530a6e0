import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  summarizeCodeScans,
  type CodeFinding,
  type RuntimeStatus,
} from '@backstage-astro/plugin-astro-runtime-common';
import { astroRuntimeApiRef, type AstroRuntimeApi } from '../../api';
import {
  DOCKERFILES,
  recordFor,
  statusFor,
} from '../../__testUtils__/fixtures';
import { mockAstroRuntimeApi, responseError } from '../../__testUtils__/render';
import { AstroRuntimeCodeFixesField } from './AstroRuntimeCodeFixesField';

function finding(
  file: string,
  line: number,
  fix: CodeFinding['fix'],
): CodeFinding {
  return {
    file,
    line,
    column: 1,
    endLine: line,
    endColumn: 2,
    rule: 'AIR301',
    name: 'airflow3-removal',
    message: 'removed in Airflow 3',
    help: null,
    severity: 'blocking',
    fix,
  };
}

const safe = { applicability: 'safe' as const, message: 'rename' };
const unsafe = { applicability: 'unsafe' as const, message: 'rewrite' };

/** A status whose code scan has these findings, counted by -common. */
function withCode(findings: CodeFinding[], error?: boolean): RuntimeStatus {
  const files = [...new Set(findings.map(f => f.file)), 'dags/clean.py'];
  return {
    ...statusFor(DOCKERFILES.moveToAirflow3),
    code: {
      ...summarizeCodeScans(
        files.map(file => ({
          file,
          bytes: 100,
          findings: findings.filter(f => f.file === file),
        })),
        [],
        { name: 'ruff', version: '0.16.10' },
      ),
      scannedAt: '2025-06-01T11:00:00Z',
      ...(error
        ? { error: { message: 'GitHub said 502', at: '2025-06-02T08:00:00Z' } }
        : {}),
    },
  };
}

function apiWith(status: RuntimeStatus | undefined) {
  return mockAstroRuntimeApi({
    getEntityStatus: jest.fn(async (ref: string) =>
      recordFor(ref.split('/')[1], status),
    ),
  });
}

async function renderField(options: {
  api: AstroRuntimeApi;
  value?: boolean;
  formData?: Record<string, unknown>;
  uiOptions?: Record<string, unknown>;
}) {
  const onChange = jest.fn();
  const props = {
    formData: options.value,
    onChange,
    rawErrors: [],
    required: false,
    schema: {
      type: 'boolean',
      title: "Apply ruff's safe fixes",
      description: 'Unsafe fixes are never applied.',
    },
    uiSchema: { 'ui:options': options.uiOptions ?? {} },
    idSchema: { $id: 'root_applyCodeFixes' },
    formContext: {
      formData: options.formData ?? { entity: 'component:default/orders' },
    },
  } as any;
  await renderInTestApp(
    <TestApiProvider apis={[[astroRuntimeApiRef, options.api]]}>
      <AstroRuntimeCodeFixesField {...props} />
    </TestApiProvider>,
  );
  return { onChange };
}

const helper = () => screen.getByTestId('astro-runtime-code-fixes-helper');

describe('AstroRuntimeCodeFixesField', () => {
  it('labels the box with the number of distinct files that have a safe fix', async () => {
    const api = apiWith(
      withCode([
        finding('dags/a.py', 1, safe),
        finding('dags/a.py', 7, safe),
        finding('dags/b.py', 3, safe),
        finding('dags/c.py', 2, unsafe),
        finding('dags/d.py', 4, null),
      ]),
    );
    const { onChange } = await renderField({ api });
    const box = await screen.findByRole('checkbox', {
      name: "Apply ruff's safe fixes (2 files)",
    });
    expect(api.getEntityStatus).toHaveBeenCalledWith(
      'component:default/orders',
    );
    await waitFor(() => expect(box).not.toBeDisabled());
    expect(box).not.toBeChecked();
    expect(box).toHaveAccessibleDescription(
      'Unsafe fixes are never applied. Files counted from the code scan of 2025-06-01 11:00 UTC.',
    );
    await userEvent.click(box);
    expect(onChange).toHaveBeenCalledWith(true);
  });

  it('one file: singular', async () => {
    await renderField({
      api: apiWith(withCode([finding('dags/a.py', 1, safe)])),
      value: true,
    });
    const box = await screen.findByRole('checkbox', {
      name: "Apply ruff's safe fixes (1 file)",
    });
    expect(box).toBeChecked();
  });

  it('no safe fix: disabled and unticked, with the reason', async () => {
    const api = apiWith(withCode([finding('dags/c.py', 2, unsafe)]));
    const { onChange } = await renderField({ api, value: true });
    const box = await screen.findByRole('checkbox', {
      name: "Apply ruff's safe fixes (0 files)",
    });
    expect(box).toBeDisabled();
    expect(box).not.toBeChecked();
    await waitFor(() => expect(onChange).toHaveBeenCalledWith(false));
    expect(helper()).toHaveTextContent(
      'Ruff found no safe fix in the code of component:default/orders (scanned 2025-06-01 11:00 UTC).',
    );
  });

  it('says when the counts are from an older scan because the newest failed', async () => {
    await renderField({
      api: apiWith(withCode([finding('dags/a.py', 1, safe)], true)),
    });
    await screen.findByRole('checkbox', {
      name: "Apply ruff's safe fixes (1 file)",
    });
    expect(helper()).toHaveTextContent('(the newest rescan failed).');
  });

  it('code never scanned: offered without a number, and says why', async () => {
    await renderField({ api: apiWith(statusFor(DOCKERFILES.moveToAirflow3)) });
    const box = await screen.findByRole('checkbox', {
      name: "Apply ruff's safe fixes",
    });
    await waitFor(() => expect(box).not.toBeDisabled());
    expect(helper()).toHaveTextContent(
      'The code of component:default/orders has not been scanned yet',
    );
  });

  it('status not readable: offered without a number, with the reason', async () => {
    const error = await responseError(404, 'NotFoundError', 'no such entity');
    const api = mockAstroRuntimeApi({
      getEntityStatus: jest.fn(async () => {
        throw error;
      }),
    });
    await renderField({ api });
    await waitFor(() =>
      expect(helper()).toHaveTextContent(
        'Could not read the code findings of component:default/orders: no such entity',
      ),
    );
    expect(
      screen.getByRole('checkbox', { name: "Apply ruff's safe fixes" }),
    ).not.toBeDisabled();
  });

  it('reads the entity from ui:options.entityField; waits for one', async () => {
    const api = apiWith(withCode([finding('dags/a.py', 1, safe)]));
    await renderField({
      api,
      formData: { project: 'component:default/billing' },
      uiOptions: { entityField: 'project' },
    });
    await screen.findByRole('checkbox', {
      name: "Apply ruff's safe fixes (1 file)",
    });
    expect(api.getEntityStatus).toHaveBeenCalledWith(
      'component:default/billing',
    );
  });

  it('no entity selected yet: disabled, asks for one', async () => {
    const api = apiWith(withCode([finding('dags/a.py', 1, safe)]));
    await renderField({ api, formData: {} });
    expect(
      screen.getByRole('checkbox', { name: "Apply ruff's safe fixes" }),
    ).toBeDisabled();
    expect(helper()).toHaveTextContent('Select the Astro project first.');
    expect(api.getEntityStatus).not.toHaveBeenCalled();
  });
});
