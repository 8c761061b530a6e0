import { screen, waitFor } from '@testing-library/react';
import type { ApiHolder } from '@backstage/core-plugin-api';
import {
  DOCKERFILES,
  entityFor,
  recordFor,
  statusFor,
} from '../../__testUtils__/fixtures';
import {
  mockAstroRuntimeApi,
  renderWithEntity,
  resolved,
  responseError,
} from '../../__testUtils__/render';
import { astroRuntimeApiRef, type AstroRuntimeApi } from '../../api';
import { AstroProjectOnly } from './AstroProjectOnly';
import { EntityAstroRuntimeCard } from './EntityAstroRuntimeCard';
import {
  isAstroRuntimeAnnotated,
  isAstroRuntimeAvailable,
} from './isAstroRuntimeAvailable';

const apisWith = (api?: AstroRuntimeApi): { apis: ApiHolder } => ({
  apis: {
    get: (ref: { id: string }) =>
      ref.id === astroRuntimeApiRef.id ? api : undefined,
  } as ApiHolder,
});

const detected = () =>
  mockAstroRuntimeApi({
    getEntityStatus: resolved(
      recordFor('plain', statusFor(DOCKERFILES.minorBehind)),
    ),
  });

const notAstro = () =>
  mockAstroRuntimeApi({
    getEntityStatus: jest.fn(async () => {
      throw await responseError(
        422,
        'NotAstroProjectError',
        'component:default/plain is not an Astro project',
      );
    }),
  });

describe('isAstroRuntimeAvailable', () => {
  it('annotated entities: true at once, without asking the backend', () => {
    const api = detected();
    expect(isAstroRuntimeAvailable(entityFor('a'), apisWith(api))).toBe(true);
    expect(
      isAstroRuntimeAvailable(
        entityFor('b', { 'astronomer.io/project-path': 'airflow' }),
      ),
    ).toBe(true);
    expect(api.getEntityStatus).not.toHaveBeenCalled();
  });

  it('un-annotated Components: the backend decides (Dockerfile detection)', async () => {
    const yes = detected();
    await expect(
      isAstroRuntimeAvailable(entityFor('plain', {}), apisWith(yes)),
    ).resolves.toBe(true);
    expect(yes.getEntityStatus).toHaveBeenCalledWith('component:default/plain');
    await expect(
      isAstroRuntimeAvailable(entityFor('plain', {}), apisWith(notAstro())),
    ).resolves.toBe(false);
    const down = mockAstroRuntimeApi({
      getEntityStatus: jest.fn(async () => {
        throw new Error('network down');
      }),
    });
    await expect(
      isAstroRuntimeAvailable(entityFor('plain', {}), apisWith(down)),
    ).resolves.toBe(false);
  });

  it('other kinds, or no API: annotations only', () => {
    const api = detected();
    expect(
      isAstroRuntimeAvailable(
        { ...entityFor('s', {}), kind: 'System' },
        apisWith(api),
      ),
    ).toBe(false);
    expect(isAstroRuntimeAvailable(entityFor('plain', {}))).toBe(false);
    expect(
      isAstroRuntimeAvailable(entityFor('plain', {}), apisWith(undefined)),
    ).toBe(false);
    expect(api.getEntityStatus).not.toHaveBeenCalled();
    expect(isAstroRuntimeAnnotated(entityFor('plain', {}))).toBe(false);
  });
});

describe('one answer on the entity page', () => {
  // what EntitySwitch.Case if={isAstroRuntimeAvailable} does on the legacy
  // entity page, and the new frontend system's cards do through AstroProjectOnly
  const page = (
    <AstroProjectOnly>
      <EntityAstroRuntimeCard />
    </AstroProjectOnly>
  );

  it('a Component detected from its Dockerfile gets the card with its status, not "missing annotation"', async () => {
    await renderWithEntity(page, {
      entity: entityFor('plain', {}),
      api: detected(),
    });
    expect(await screen.findByTestId('astro-runtime-state')).toBeVisible();
    expect(screen.queryByText(/missing annotation/i)).toBeNull();
  });

  it('a Component the backend does not know as Astro gets no card', async () => {
    const api = notAstro();
    await renderWithEntity(page, { entity: entityFor('plain', {}), api });
    await waitFor(() => expect(api.getEntityStatus).toHaveBeenCalled());
    // give the async predicate time to settle
    await new Promise(r => setTimeout(r, 50));
    expect(screen.queryByTestId('astro-runtime-card')).toBeNull();
  });

  it('the card alone, on an entity the backend does not know: how to annotate it', async () => {
    await renderWithEntity(<EntityAstroRuntimeCard />, {
      entity: entityFor('plain', {}),
      api: notAstro(),
    });
    const card = await screen.findByTestId('astro-runtime-card');
    await waitFor(() =>
      expect(card).toHaveTextContent('astronomer.io/deployment-id'),
    );
    expect(card).toHaveTextContent('astronomer.io/project-path');
  });

  it('AstroProjectOnly (new frontend system) renders only what the backend knows', async () => {
    await renderWithEntity(
      <AstroProjectOnly>
        <div data-testid="inside" />
      </AstroProjectOnly>,
      { entity: entityFor('plain', {}), api: detected() },
    );
    expect(await screen.findByTestId('inside')).toBeInTheDocument();
  });

  it('AstroProjectOnly hides what the backend does not know', async () => {
    const api = notAstro();
    await renderWithEntity(
      <AstroProjectOnly>
        <div data-testid="inside" />
      </AstroProjectOnly>,
      { entity: entityFor('plain', {}), api },
    );
    await waitFor(() => expect(api.getEntityStatus).toHaveBeenCalled());
    await new Promise(r => setTimeout(r, 50));
    expect(screen.queryByTestId('inside')).toBeNull();
  });
});
