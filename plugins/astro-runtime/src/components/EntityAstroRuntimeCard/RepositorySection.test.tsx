import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import {
  AF2,
  DOCKERFILES,
  recordFor,
  statusFor,
} from '../../__testUtils__/fixtures';
import { RepositorySection } from './RepositorySection';

async function render(dockerfile: string, extra = {}) {
  const status = statusFor(dockerfile);
  await renderInTestApp(
    <RepositorySection
      record={recordFor('orders', status, extra)}
      status={status}
    />,
  );
  return status;
}

describe('RepositorySection', () => {
  it('Runtime, image, Airflow, Python from the tag and the variants', async () => {
    await render(DOCKERFILES.majorBehind);
    expect(
      screen.getByRole('heading', { name: 'Repository' }),
    ).toBeInTheDocument();
    expect(screen.getByTestId('astro-runtime-current')).toHaveTextContent(
      '12.4.0-python-3.12-slim',
    );
    expect(screen.getByTestId('astro-runtime-image')).toHaveTextContent(AF2);
    expect(screen.getByTestId('astro-runtime-python')).toHaveTextContent(
      /^3\.12$/,
    );
    expect(screen.getByTestId('astro-runtime-variants')).toHaveTextContent(
      'slim',
    );
  });

  it("Python of the image's default is marked as such", async () => {
    await render(DOCKERFILES.minorBehind);
    expect(screen.getByTestId('astro-runtime-python')).toHaveTextContent(
      /\(image default\)$/,
    );
    expect(screen.queryByTestId('astro-runtime-variants')).toBeNull();
  });

  it('the Dockerfile links to the SCM, with the FROM and ARG lines that decide', async () => {
    await render(DOCKERFILES.downgrade);
    const fact = screen.getByTestId('astro-runtime-dockerfile');
    expect(screen.getByRole('link', { name: /^Dockerfile/ })).toHaveAttribute(
      'href',
      'https://github.com/acme/orders/blob/main/Dockerfile',
    );
    expect(fact).toHaveTextContent('(line 2, ARG RUNTIME on line 1)');
  });

  it('a project folder names its Dockerfile; no link without a URL', async () => {
    await render(DOCKERFILES.upToDate, {
      projectPath: 'airflow',
      dockerfileUrl: undefined,
    });
    expect(screen.getByTestId('astro-runtime-dockerfile')).toHaveTextContent(
      'airflow/Dockerfile',
    );
    expect(screen.queryByRole('link')).toBeNull();
  });

  it('not an Astro image: names the base image instead of a Runtime', async () => {
    await render(DOCKERFILES.notAstro);
    expect(screen.getByTestId('astro-runtime-current')).toHaveTextContent(
      'python:3.11-slim',
    );
    expect(screen.queryByTestId('astro-runtime-image')).toBeNull();
    expect(screen.queryByTestId('astro-runtime-airflow')).toBeNull();
  });
});
