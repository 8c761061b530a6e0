// The code-scan store lives in ./store with the plugin's other stores; this
// module keeps the old import path for CodeScanner.ts.
export * from './store/CodeScanStore';
