import { screen } from '@testing-library/react';
import {
  createExtensionTester,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import {
  ApiBlueprint,
  coreExtensionData,
} from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import plugin, {
  astroRuntimeApi,
  astroRuntimeEntityCard,
  astroRuntimePage,
  astroRuntimeVersionPickerFormField,
  astroRuntimeCodeFixesFormField,
} from './alpha';
import { astroRuntimeApiRef, AstroRuntimeClient } from './api';
import {
  DOCKERFILES,
  entityFor,
  recordFor,
  statusFor,
} from './__testUtils__/fixtures';
import { mockAstroRuntimeApi, resolved } from './__testUtils__/render';
import { fakeSummary } from './components/AstroRuntimePage/testData';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { mockApis } from '@backstage/test-utils';
import {
  AstroRuntimeVersionPicker,
  astroRuntimeVersionPickerValidation,
} from './components/AstroRuntimeVersionPicker';
import { AstroRuntimeCodeFixesField } from './components/AstroRuntimeCodeFixesField';

describe('astro-runtime /alpha', () => {
  it('is the astro-runtime plugin with its extensions', () => {
    expect(plugin.pluginId).toBe('astro-runtime');
    // The ids are also checked by the types of getExtension.
    expect(plugin.getExtension('api:astro-runtime')).toBeDefined();
    expect(
      plugin.getExtension('entity-card:astro-runtime/runtime'),
    ).toBeDefined();
    expect(
      plugin.getExtension('scaffolder-form-field:astro-runtime/version-picker'),
    ).toBeDefined();
    expect(
      plugin.getExtension('scaffolder-form-field:astro-runtime/code-fixes'),
    ).toBeDefined();
    expect(
      createExtensionTester(plugin.getExtension('page:astro-runtime')).get(
        coreExtensionData.routePath,
      ),
    ).toBe('/astro-runtime');
    expect(plugin.routes.root).toBeDefined();
  });

  it('provides the AstroRuntimeClient behind astroRuntimeApiRef', () => {
    const factory = createExtensionTester(astroRuntimeApi).get(
      ApiBlueprint.dataRefs.factory,
    );
    expect(factory.api.id).toBe(astroRuntimeApiRef.id);
    const client = factory.factory({
      discoveryApi: { getBaseUrl: async () => 'http://x' },
      fetchApi: { fetch: jest.fn() },
    } as any);
    expect(client).toBeInstanceOf(AstroRuntimeClient);
  });

  it('offers the entity card on annotated entities and Components (the card asks the backend about the rest)', () => {
    const filter = createExtensionTester(astroRuntimeEntityCard).get(
      EntityCardBlueprint.dataRefs.filterFunction,
    )!;
    expect(filter(entityFor('a'))).toBe(true);
    expect(
      filter(entityFor('b', { 'astronomer.io/project-path': 'airflow' })),
    ).toBe(true);
    // un-annotated Components may be detected from their Dockerfile
    expect(filter(entityFor('c', {}))).toBe(true);
    expect(filter({ ...entityFor('d', {}), kind: 'System' })).toBe(false);
    expect(
      filter({
        ...entityFor('e', { 'astronomer.io/deployment-id': 'dep-1' }),
        kind: 'Resource',
      }),
    ).toBe(true);
  });

  it('renders the entity card in an app', async () => {
    const api = mockAstroRuntimeApi({
      getEntityStatus: resolved(
        recordFor('orders', statusFor(DOCKERFILES.minorBehind)),
      ),
    });
    const tester = createExtensionTester(astroRuntimeEntityCard);
    renderInTestApp(
      <EntityProvider entity={entityFor('orders')}>
        {tester.reactElement()}
      </EntityProvider>,
      { apis: [[astroRuntimeApiRef, api]] },
    );
    expect(
      await screen.findByTestId('astro-runtime-state', {}, { timeout: 20_000 }),
    ).toHaveAttribute('data-state', 'minor-behind');
    expect(screen.getByTestId('astro-runtime-current')).toHaveTextContent(
      '13.0.0',
    );
  }, 30_000);

  it('mounts the page at /astro-runtime and renders it', async () => {
    const tester = createExtensionTester(astroRuntimePage);
    expect(tester.get(coreExtensionData.routePath)).toBe('/astro-runtime');
    const api = mockAstroRuntimeApi({
      listStatuses: jest.fn(async () => ({ items: [], totalCount: 0 })),
      listStatusRows: jest.fn(async () => ({ items: [], totalCount: 0 })),
      getRefreshProgress: jest.fn(async () => ({
        running: false,
        total: 0,
        done: 0,
        errors: 0,
        unchanged: 0,
      })),
      getHistory: jest.fn(async () => ({ points: [] })),
      getSummary: jest.fn(fakeSummary([], [])),
      getReleases: jest.fn(async () => ({
        catalog: { source: 'bundled', asOf: '2026-11-26', releases: [] },
        ageSeconds: 0,
      })),
    });
    renderInTestApp(tester.reactElement(), {
      apis: [
        [astroRuntimeApiRef, api],
        [permissionApiRef, mockApis.permission()],
      ],
    });
    expect(
      await screen.findByTestId('astro-runtime-page', {}, { timeout: 20_000 }),
    ).toBeInTheDocument();
  }, 30_000);

  it('loads the AstroRuntimeVersionPicker form field with its validation', async () => {
    const loader = createExtensionTester(
      astroRuntimeVersionPickerFormField,
    ).get(FormFieldBlueprint.dataRefs.formFieldLoader);
    const field = (await loader()) as any;
    expect(field.$$type).toBe('@backstage/scaffolder/FormField');
    expect(field.name).toBe('AstroRuntimeVersionPicker');
    expect(field.component).toBe(AstroRuntimeVersionPicker);
    expect(field.validation).toBe(astroRuntimeVersionPickerValidation);
    expect(field.schema.schema.returnValue).toEqual(
      expect.objectContaining({ type: 'string' }),
    );
  });

  it('loads the AstroRuntimeCodeFixes form field (a boolean)', async () => {
    const loader = createExtensionTester(astroRuntimeCodeFixesFormField).get(
      FormFieldBlueprint.dataRefs.formFieldLoader,
    );
    const field = (await loader()) as any;
    expect(field.$$type).toBe('@backstage/scaffolder/FormField');
    expect(field.name).toBe('AstroRuntimeCodeFixes');
    expect(field.component).toBe(AstroRuntimeCodeFixesField);
    expect(field.schema.schema.returnValue).toEqual(
      expect.objectContaining({ type: 'boolean' }),
    );
  });
});
