import {
  preinstalledPackages,
  providerDiff,
  providerPins,
} from './providerDiff';

describe('bundled provider reference', () => {
  it('covers Runtime 4.0.0 to 11.8.0 (standard, and slim from 11.0.0) and a few Airflow 3 Runtimes', () => {
    expect(preinstalledPackages('4.0.0')?.length).toBeGreaterThan(0);
    expect(preinstalledPackages('11.8.0')?.length).toBeGreaterThan(0);
    expect(preinstalledPackages('11.0.0', 'slim')?.length).toBeGreaterThan(0);
    expect(preinstalledPackages('10.0.0', 'slim')).toBeUndefined();
    expect(preinstalledPackages('3.3-2')?.map(p => p.name)).toContain(
      'apache-airflow-providers-standard',
    );
    expect(preinstalledPackages('12.4.0')).toBeUndefined();
    expect(preinstalledPackages('7.4.1-python-3.9')).toEqual(
      preinstalledPackages('7.4.1'),
    );
  });
});

describe('providerDiff', () => {
  it('7.4.1 → 11.8.0: databricks 4.0.0 was removed from the image', () => {
    const diff = providerDiff('7.4.1', '11.8.0');
    expect(diff.known).toBe(true);
    expect(diff.changes).toContainEqual({
      package: 'apache-airflow-providers-databricks',
      from: '4.0.0',
      change: 'removed',
    });
  });

  it('9.10.2 → 11.8.0 has major provider changes', () => {
    const diff = providerDiff('9.10.2', '11.8.0');
    const majors = diff.changes.filter(c => c.change === 'major');
    expect(majors.length).toBeGreaterThan(0);
    for (const m of majors) {
      expect(m.from!.split('.')[0]).not.toBe(m.to!.split('.')[0]);
    }
  });

  it('classifies by the first number that differs and leaves unchanged packages out', () => {
    const diff = providerDiff('11.7.0', '11.8.0');
    const before = new Map(
      preinstalledPackages('11.7.0')!.map(p => [p.name, p.version]),
    );
    const after = new Map(
      preinstalledPackages('11.8.0')!.map(p => [p.name, p.version]),
    );
    for (const c of diff.changes) {
      expect(before.get(c.package)).toBe(c.from);
      expect(after.get(c.package)).toBe(c.to);
      const [a, b] = [c.from, c.to].map(v => (v ?? '').split('.'));
      // the first number that differs names the kind of change
      const firstDiff = [0, 1, 2].find(i => a[i] !== b[i]);
      let expected = ['major', 'minor', 'patch'][firstDiff ?? 2];
      if (c.from === undefined) expected = 'added';
      if (c.to === undefined) expected = 'removed';
      expect(c.change).toBe(expected);
    }
    const unchanged = [...before].filter(([n, v]) => after.get(n) === v);
    for (const [n] of unchanged)
      expect(diff.changes.map(c => c.package)).not.toContain(n);
  });

  it('compares slim images for a slim tag when both are listed', () => {
    expect(providerDiff('11.2.0', '11.8.0', ['slim']).variant).toBe('slim');
    expect(providerDiff('10.0.0', '11.8.0', ['slim']).variant).toBe('standard');
  });

  it('is unknown when the reference lacks a side', () => {
    expect(providerDiff('12.4.0', '13.1.0')).toEqual({
      from: '12.4.0',
      to: '13.1.0',
      variant: 'standard',
      known: false,
      changes: [],
    });
  });
});

describe('providerPins', () => {
  it('pins the current Runtime offline: 7.4.1 → databricks 4.0.0', () => {
    const plan = providerPins('7.4.1', '11.8.0');
    expect(plan.source).toBe('bundled');
    expect(plan.pinnable).toBe(true);
    expect(plan.lines).toContain('apache-airflow-providers-databricks==4.0.0');
    expect(plan.lines).toHaveLength(preinstalledPackages('7.4.1')!.length);
  });

  it('says "unknown" where the reference does not reach, so a freeze file can be read', () => {
    const plan = providerPins('12.4.0', '13.1.0');
    expect(plan).toMatchObject({ source: 'unknown', pinnable: true, pins: [] });
  });

  it('never pins Airflow 2 providers into an Airflow 3 target; names what to add', () => {
    const plan = providerPins('11.8.0', '3.3-2');
    expect(plan.pinnable).toBe(false);
    expect(plan.pins).toEqual([]);
    expect(plan.lines).toEqual([]);
    expect(plan.add).toContain('apache-airflow-providers-amazon');
    expect(plan.add).not.toContain('apache-airflow-providers-celery');
    expect(plan.note).toMatch(/not pinned for 3\.3-2 \(Airflow 3\)/);
    const unknownTarget = providerPins('12.4.0', '3.0-2');
    expect(unknownTarget.add).toEqual(['apache-airflow-providers-standard']);
  });
});
