import type { Knex } from 'knex';
import type { StoredInputs, StoredInputState } from './types';
import { chunk, IN_BATCH, opt, parseJson, refKey, STATUS } from './util';

/** What the refresh reads back about previous runs of entities. */
export interface InputStateStore {
  /**
   * Input states by ref key: of the given entity refs only (a page of the
   * catalog), or of every row when `entityRefs` is left out.
   */
  getInputStates(entityRefs?: string[]): Promise<Map<string, StoredInputState>>;
  getInputState(entityRef: string): Promise<StoredInputState | undefined>;
}

function toInputState(row: any): StoredInputState {
  return {
    isAstro: Boolean(row.is_astro),
    hasStatus: Number(row.has_status) === 1,
    entityFingerprint: opt(row.entity_fingerprint),
    inputs: parseJson<StoredInputs>(row.inputs_json) ?? {},
    inputHash: opt(row.input_hash),
    repoVersion: opt(row.repo_version),
    deploymentVersions: parseJson(row.deployment_versions),
  };
}

/** Knex implementation over the status table. */
export class DatabaseInputStateStore implements InputStateStore {
  constructor(private readonly db: Knex) {}

  #columns() {
    return [
      'ref_key',
      'is_astro',
      'inputs_json',
      'input_hash',
      'repo_version',
      'deployment_versions',
      'entity_fingerprint',
      this.db.raw(
        'CASE WHEN status_json IS NULL THEN 0 ELSE 1 END AS has_status',
      ),
    ];
  }

  async getInputStates(
    entityRefs?: string[],
  ): Promise<Map<string, StoredInputState>> {
    const out = new Map<string, StoredInputState>();
    const parts = entityRefs
      ? chunk([...new Set(entityRefs.map(refKey))], IN_BATCH)
      : [undefined];
    for (const part of parts) {
      if (part?.length === 0) {
        continue;
      }
      const query = this.db(STATUS).select(this.#columns());
      if (part) {
        query.whereIn('ref_key', part);
      }
      for (const row of await query) {
        out.set(row.ref_key, toInputState(row));
      }
    }
    return out;
  }

  async getInputState(
    entityRef: string,
  ): Promise<StoredInputState | undefined> {
    const row = await this.db(STATUS)
      .where('ref_key', refKey(entityRef))
      .first(this.#columns());
    return row ? toInputState(row) : undefined;
  }
}
