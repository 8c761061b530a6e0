/*
 * The counts of the org page: totals per group, adoption over time and code
 * blockers, aggregated in SQL over the stored rows the caller may see.
 */
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  summarizeGroups,
  type AdoptionPoint,
  type CodeBlockerCount,
  type HistoryResponse,
  type SummaryResponse,
} from '@backstage-astro/plugin-astro-runtime-common';
import type { CodeScanStore } from './CodeScanStore';
import type {
  AdoptionChange,
  GroupCount,
  StatusFilter,
  StatusStore,
} from './StatusStore';
import { statusFilter, type SummaryRequest } from './statusRequests';
import { sumOverVisible, type VisibilityCache } from './VisibilityCache';

/** Keys per `IN (...)` list of the code blocker sums. */
const KEYS_PER_QUERY = 5000;

function isFiltered(filter: StatusFilter): boolean {
  return Boolean(
    filter.owner?.length ||
      filter.state?.length ||
      filter.line?.length ||
      filter.mustMoveToAirflow3 ||
      filter.q,
  );
}

/** The days from `days - 1` days before `now` to now's day (UTC). */
export function dayWindow(now: Date, days: number): string[] {
  const out: string[] = [];
  for (let i = days - 1; i >= 0; i--) {
    out.push(
      new Date(now.getTime() - i * 86_400_000).toISOString().slice(0, 10),
    );
  }
  return out;
}

/** Per-day counts from per-day changes (running totals; the first day carries everything before). */
export function adoptionFromChanges(
  changes: AdoptionChange[],
  days: string[],
): AdoptionPoint[] {
  const byDay = new Map<string, AdoptionChange[]>();
  for (const c of changes) {
    const list = byDay.get(c.day) ?? [];
    list.push(c);
    byDay.set(c.day, list);
  }
  const running = new Map<string, number>();
  return days.map(day => {
    for (const c of byDay.get(day) ?? []) {
      running.set(c.version, (running.get(c.version) ?? 0) + c.delta);
    }
    const versions: Record<string, number> = {};
    for (const [v, n] of running) {
      if (n > 0) {
        versions[v] = n;
      }
    }
    return { day, versions };
  });
}

/** Counts over the stored rows a caller may see (the catalog decides). */
export class StatusAggregates {
  constructor(
    private readonly options: {
      store: StatusStore;
      visibility: VisibilityCache;
      /** The cached code scans, when the code is scanned (the summary's code blockers). */
      codeScans?: CodeScanStore;
      now?: () => Date;
    },
  ) {}

  /** Astro entities matching the filter that the caller may see. */
  async count(
    filter: StatusFilter,
    credentials: BackstageCredentials,
  ): Promise<number> {
    const groups = await this.#groups(filter, credentials);
    return groups.reduce((n, g) => n + g.count, 0);
  }

  async #groups(
    filter: StatusFilter,
    credentials: BackstageCredentials,
  ): Promise<GroupCount[]> {
    const set = await this.options.visibility.visibleSet(credentials);
    return sumOverVisible(
      set,
      onlyKeys => this.options.store.countByGroup(filter, onlyKeys),
      g =>
        JSON.stringify([
          g.repoVersion,
          g.state,
          g.line,
          g.severity,
          g.stale,
          g.owner,
        ]),
      g => g.count,
      (g, count) => ({ ...g, count }),
    );
  }

  async #adoption(
    days: number,
    credentials: BackstageCredentials,
  ): Promise<AdoptionPoint[]> {
    const dayList = dayWindow(this.options.now?.() ?? new Date(), days);
    const set = await this.options.visibility.visibleSet(credentials);
    const changes = await sumOverVisible(
      set,
      onlyKeys =>
        this.options.store.adoptionChanges(
          dayList[0],
          `${dayList[dayList.length - 1]}T23:59:59.999Z`,
          onlyKeys,
        ),
      c => JSON.stringify([c.day, c.version]),
      c => c.delta,
      (c, delta) => ({ ...c, delta }),
    );
    return adoptionFromChanges(changes, dayList);
  }

  /**
   * Blocking code findings over the Astro entities matching the filter that
   * the caller may see, summed in SQL; undefined when the code is not scanned.
   */
  async #codeBlockers(
    filter: StatusFilter,
    credentials: BackstageCredentials,
  ): Promise<CodeBlockerCount | undefined> {
    const scans = this.options.codeScans;
    if (!scans) {
      return undefined;
    }
    const set = await this.options.visibility.visibleSet(credentials);
    if (!isFiltered(filter)) {
      const rows = await sumOverVisible(
        set,
        async onlyKeys => {
          const t = await scans.blockingTotals(onlyKeys);
          return [
            { key: 'findings', n: t.findings },
            { key: 'projects', n: t.projects },
          ];
        },
        r => r.key,
        r => r.n,
        (r, n) => ({ ...r, n }),
      );
      const get = (key: string) => rows.find(r => r.key === key)?.n ?? 0;
      return { findings: get('findings'), projects: get('projects') };
    }
    const keys = (await this.options.store.listKeys(filter))
      .map(r => r.refKey)
      .filter(k => set.visible.has(k));
    const out: CodeBlockerCount = { findings: 0, projects: 0 };
    for (let i = 0; i < keys.length; i += KEYS_PER_QUERY) {
      const t = await scans.blockingTotals(keys.slice(i, i + KEYS_PER_QUERY));
      out.findings += t.findings;
      out.projects += t.projects;
    }
    return out;
  }

  /** Adoption per day over the last `days` days, for entities the caller may see. */
  async history(
    days: number,
    credentials: BackstageCredentials,
  ): Promise<HistoryResponse> {
    return { points: await this.#adoption(days, credentials) };
  }

  /** Counts for the org page's charts and headline, over what the caller may see. */
  async summary(
    query: SummaryRequest,
    credentials: BackstageCredentials,
  ): Promise<SummaryResponse> {
    const filter = statusFilter(query);
    const [groups, adoption, codeBlockers] = await Promise.all([
      this.#groups(filter, credentials),
      this.#adoption(query.days, credentials),
      this.#codeBlockers(filter, credentials),
    ]);
    return {
      ...summarizeGroups(groups),
      ...(codeBlockers ? { codeBlockers } : {}),
      adoption,
    };
  }
}
