import { useEffect, useMemo, useState } from 'react';
import { humanizeEntityRef } from '@backstage/plugin-catalog-react';
import { parseEntityRef } from '@backstage/catalog-model';
import type {
  StatusRow,
  SummaryResponse,
} from '@backstage-astro/plugin-astro-runtime-common';
import type { FilterOption } from './Filters';

function ownerLabel(ref: string): string {
  try {
    return humanizeEntityRef(parseEntityRef(ref, { defaultKind: 'group' }), {
      defaultKind: 'group',
    });
  } catch {
    return ref;
  }
}

/**
 * The owners the owner filter offers: every owner seen so far (in the
 * summary's counts, on the table's pages, and the selected one), sorted,
 * labelled as the catalog names them.
 */
export function useOwnerOptions(
  summary: SummaryResponse | undefined,
  items: StatusRow[],
  selected: string,
): FilterOption[] {
  const [knownOwners, setKnownOwners] = useState<string[]>([]);
  useEffect(() => {
    setKnownOwners(prev => {
      const all = new Set(prev);
      for (const owner of Object.keys(summary?.byOwner ?? {})) {
        all.add(owner);
      }
      for (const r of items) {
        if (r.owner) all.add(r.owner);
      }
      if (selected) all.add(selected);
      return all.size === prev.length ? prev : [...all].sort();
    });
  }, [summary, items, selected]);

  return useMemo(
    () => knownOwners.map(o => ({ value: o, label: ownerLabel(o) })),
    [knownOwners],
  );
}
