// What scoreRun stores is what the report reads: a Table 3 row reads its own pair subset, and a
// cross-validated target's fold runs are pooled per seed (micro over the folds, docs/evaluation.md).
import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parsePubTator } from '../../src/corpora/index.ts';
import { aggregateFolds, scoreCorpus, type InstancePrediction } from '../../src/evaluation/index.ts';
import { expandSpec, parseSpec } from '../../src/experiments/index.ts';
import type { Instance } from '../../src/instances/types.ts';
import { loadReportModel } from '../../src/report/from-store.ts';
import { scoreRun } from '../../src/runner/index.ts';
import { openStore, type TrackingStore } from '../../src/tracking/index.ts';

/** Registers a spec's runs in the store and stores, for each, the rows `score(run, i)` returns. */
async function fill(store: TrackingStore, yaml: string, score: (t: ReturnType<typeof expandSpec>['runs'][number], i: number) => Promise<Parameters<TrackingStore['putResults']>[1]>) {
  const spec = parseSpec(yaml).spec;
  const { runs, rows } = expandSpec(spec);
  const exp = store.upsertExperiment({ name: spec.name, spec });
  const ids = store.registerRuns(
    runs.map((t, i) => ({ hash: `${spec.name}-${i}`, label: t.label, configuration: t.configuration, mode: t.mode, target: t.target, externals: t.externals, plm: t.plm, seed: t.seed, size: t.size, fold: t.fold, identity: { i } })),
  );
  store.setExperimentRuns(exp, runs.flatMap((t, i) => t.rows.map((r) => ({ runId: ids[i], rowIndex: r, rowLabel: rows[r].label, pair: rows[r].pair }))));
  for (const [i, t] of runs.entries()) {
    store.claimRun(`${spec.name}-${i}`, { token: 't', host: 'h', pid: process.pid });
    store.putResults(ids[i], await score(t, i));
    store.finishRun(ids[i], 't', { status: 'done', durationS: 1 });
  }
}

describe('runner: scores as the report reads them', () => {
  let dir: string;
  let store: TrackingStore;
  const write = (name: string, items: object[]) => {
    const f = join(dir, name);
    writeFileSync(f, items.map((x) => JSON.stringify(x) + '\n').join(''));
    return f;
  };
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'biorex-score-report-'));
    store = openStore(join(dir, 'biorex.sqlite'));
  });
  after(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('cross-validation: each seed’s ten fold runs pooled (TP/FP/FN summed) into one cell score', async () => {
    // Fold k holds k + 2 AIMed pairs; the runs get some right and some wrong, differently per fold and seed.
    const foldInstances = (fold: number): Instance[] =>
      Array.from({ length: fold + 2 }, (_, j) => ({
        id: `AIMed/test/doc${fold}/p${j}|q${j}`,
        task: 'AIMed',
        doc: `doc${fold}`,
        split: 'train',
        types: ['GeneOrGeneProduct', 'GeneOrGeneProduct'],
        ids: [`p${j}`, `q${j}`],
        text: '…',
        label: j % 2 === 0 ? 'Association' : 'None-AIMed',
        level: 'sentence',
        fold,
      }));
    const predict = (inst: Instance[], seed: number, conf: string): InstancePrediction[] =>
      inst.map((x, j) => ({ id: x.id, label: (j + seed + (conf === 'biorex' ? 1 : 0) + (x.fold ?? 0)) % 3 === 0 ? 'None-AIMed' : 'Association' }));
    const direct = new Map<string, ReturnType<typeof scoreCorpus>[]>();
    await fill(
      store,
      'name: cv\ntarget: AIMed\nplm: x\nconfigurations: [original, biorex]\nrows: [{external: [BioRED]}]\nfolds: 10\nseeds: [1, 2]\n',
      async (t, i) => {
        const inst = foldInstances(t.fold!);
        const pred = predict(inst, t.seed, t.configuration);
        const key = `${t.configuration} ${t.seed}`;
        direct.set(key, [...(direct.get(key) ?? []), scoreCorpus('AIMed', inst, pred)]);
        return scoreRun({ evalSet: 'AIMed/test', instancesFile: write(`i${i}.jsonl`, inst), predictionsFile: write(`p${i}.jsonl`, pred) });
      },
    );
    const table = loadReportModel(store, 'cv').tables.find((t) => /relation type/.test(t.criterion ?? ''))!;
    for (const conf of ['original', 'biorex']) {
      const cell = table.rows[0].cells[conf];
      expect(cell.scores.map((s) => s.unit)).to.deep.equal(['seed 1', 'seed 2']);
      for (const s of cell.scores) {
        const pooled = aggregateFolds(direct.get(`${conf} ${s.unit.split(' ')[1]}`)!).pooled;
        expect(s).to.include({ tp: pooled.tp, fp: pooled.fp, fn: pooled.fn });
        expect(s.f).to.be.closeTo(pooled.f * 100, 1e-9);
      }
    }
  });

  it('a Table 3 row reads its pair subset, the All row every pair', async () => {
    const gold = parsePubTator(
      [
        '7|t|Abc causes Def and binds Ghi.',
        '7\t0\t3\tAbc\tChemicalEntity\tC1',
        '7\t11\t14\tDef\tDiseaseOrPhenotypicFeature\tD1',
        '7\t25\t28\tGhi\tGeneOrGeneProduct\tG1',
        '7\tPositive_Correlation\tC1\tD1\tNovel',
        '7\tBind\tC1\tG1\tNovel',
        '',
      ].join('\n'),
    );
    const inst: Instance[] = [
      { id: 'x/C1|D1', task: 'BioRED', doc: '7', split: 'test', types: ['ChemicalEntity', 'DiseaseOrPhenotypicFeature'], ids: ['C1', 'D1'], text: '', label: 'Positive_Correlation', level: 'document' },
      { id: 'x/C1|G1', task: 'BioRED', doc: '7', split: 'test', types: ['ChemicalEntity', 'GeneOrGeneProduct'], ids: ['C1', 'G1'], text: '', label: 'Bind', level: 'document' },
    ];
    // C–D right, C–G missed: the <C,D> row scores 100, the All row 2/3.
    const pred = [{ id: 'x/C1|D1', label: 'Positive_Correlation' }, { id: 'x/C1|G1', label: 'None' }];
    await fill(store, 'name: t3\ntarget: BioRED\nplm: x\nconfigurations: [original]\nrows: [{external: [BC5CDR]}, {external: all}]\nseeds: [1]\n', (_t, i) =>
      scoreRun({ evalSet: 'BioRED/test', instancesFile: write(`t3i${i}.jsonl`, inst), predictionsFile: write(`t3p${i}.jsonl`, pred), gold }),
    );
    const table = loadReportModel(store, 't3').tables.find((t) => /relation type/.test(t.criterion ?? ''))!;
    expect(table.rows.map((r) => r.pair)).to.deep.equal(['<C,D>', 'All']);
    expect(table.rows[0].cells.original.scores[0].f).to.be.closeTo(100, 1e-9);
    expect(table.rows[1].cells.original.scores[0].f).to.be.closeTo((200 * 0.5) / 1.5, 1e-9);
  });
});
