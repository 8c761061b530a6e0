import '@testing-library/jest-dom';

// React suites render whole Backstage test apps; on a loaded 2-core machine
// jest's 5 s default is too tight for a single render. Waits stay bounded by
// each test's own waitFor timeouts.
jest.setTimeout(30_000);
