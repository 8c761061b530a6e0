import { render, waitFor } from '@testing-library/react';
import App from './App';

describe('App', () => {
  it('renders the app shell with the guest sign-in', async () => {
    process.env = {
      NODE_ENV: 'test',
      APP_CONFIG: [
        {
          data: {
            app: { title: 'Astro Runtime Insights' },
            backend: { baseUrl: 'http://localhost:7007' },
          },
          context: 'test',
        },
      ] as any,
    };

    const rendered = render(<App />);

    await waitFor(() => {
      expect(rendered.getAllByText(/guest/i).length).toBeGreaterThan(0);
    });
  });
});
