import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';

/**
 * The overall state with the Backstage status indicator of its severity.
 * Label and severity both come from `describeState` (via the row).
 */
export function StateChip(props: { label: string; severity?: string }) {
  const { label, severity } = props;
  switch (severity) {
    case 'ok':
      return <StatusOK>{label}</StatusOK>;
    case 'info':
      return <StatusPending>{label}</StatusPending>;
    case 'warning':
      return <StatusWarning>{label}</StatusWarning>;
    case 'error':
      return <StatusError>{label}</StatusError>;
    default:
      return <StatusAborted>{label}</StatusAborted>;
  }
}
