export {
  RUFF_VERSION,
  RUFF_AIRFLOW3_SETTINGS,
  createRuffEngine,
  getRuffEngine,
} from './ruffEngine';
export { scanFilesTask, fixFilesTask } from './tasks';
export type { CodeFilesTaskInput, ScanFilesTaskOutput } from './tasks';
