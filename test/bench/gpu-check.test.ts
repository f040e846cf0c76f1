// The GPU check (bench/gpu/) end to end on the CPU, so that the script a GPU node runs cannot rot:
// prepare.sh --small (bundled synthetic corpora) then run.sh --cpu (tiny model), and the JSON it writes.
// The check's arithmetic is tested against hand computations in trainer/tests/test_gpu_check.py.
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { REPO_ROOT } from '../helpers/shared.ts';

type Json = Record<string, any>;

function bash(script: string, args: string[]) {
  const r = spawnSync('bash', [resolve(REPO_ROOT, script), ...args], {
    cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1' }, maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('bench/gpu: prepare.sh --small + run.sh --cpu', function () {
  this.timeout(300_000);
  let dir: string;
  let report: Json;
  let summary: Json;
  let prepared: Json;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'biorex-gpu-check-'));
    const prep = bash('bench/gpu/prepare.sh', ['--small', '--out', join(dir, 'prepared')]);
    expect(prep.code, prep.err.slice(-3000)).to.equal(0);
    prepared = JSON.parse(readFileSync(join(dir, 'prepared', 'prepared.json'), 'utf8'));
    const run = bash('bench/gpu/run.sh', [join(dir, 'out'), '--cpu', '--prepared', join(dir, 'prepared')]);
    expect(run.code, run.err.slice(-4000)).to.equal(0);
    summary = JSON.parse(run.out);
    report = JSON.parse(readFileSync(join(dir, 'out', 'gpu-check.json'), 'utf8'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('prepares gzipped sets and a tokenizer + config of PubMedBERT shape, without weights', () => {
    expect(prepared.sets.biored.files.test.file).to.equal('test.jsonl.gz');
    expect(prepared.sets.merged.files.train.instances).to.be.greaterThan(prepared.sets.biored.files.train.instances);
    expect(prepared.plm.shape).to.include({ vocab_size: 30522, hidden_size: 768, num_hidden_layers: 12, num_attention_heads: 12, intermediate_size: 3072 });
    const files = readdirSync(join(dir, 'prepared', 'plm'));
    expect(files).to.include.members(['config.json', 'tokenizer.json']);
    expect(files.some((f) => f.endsWith('.safetensors') || f.endsWith('.bin'))).to.equal(false);
  });

  it('every section ran (the CUDA-only one is skipped, saying why) and the summary is on stdout', () => {
    expect(report.schema).to.equal('biorex-gpu-check/1');
    expect(report.mode).to.equal('cpu');
    expect(report.status, JSON.stringify(report.not_ok)).to.equal('complete');
    for (const [name, s] of Object.entries(report.sections as Record<string, Json>)) {
      if (name === 'precision_comparison') continue;
      if (name === 'syncs') expect(s.why).to.match(/CUDA only/);
      else expect(s.status, `${name}: ${s.error ?? ''}`).to.equal('ok');
    }
    expect(summary.sections.train_fp32_grouped).to.equal('ok');
    expect(summary.oom_backoff_ok).to.equal(true);
    expect(summary.resume_ok).to.equal(true);
  });

  it('throughput numbers are consistent with what was measured', () => {
    const data = report.sections.data;
    const full = report.sections.data_full.merged_train;
    const n = full.instances;
    expect(n).to.equal(prepared.sets.merged.files.train.instances);
    expect(data.sample.of).to.equal(n);
    expect(full.steps_per_epoch).to.equal(Math.ceil(n / 16));
    expect(full.tokens_fixed_512).to.equal(n * 512);
    expect(full.padding_waste_fixed_512).to.be.closeTo(1 - full.tokens_real / (n * 512), 1e-4);
    for (const name of ['train_fp32_grouped', 'train_fp32_fixed_512', 'train_bf16_grouped', 'train_bf16_fixed_512']) {
      const t = report.sections[name];
      const m = t.measured;
      expect(m.from_step, name).to.equal(data.sample.instances / 16); // epoch 1 is the warm-up
      expect(m.instances).to.equal(16 * m.steps);
      expect(t.instances_per_s).to.be.closeTo(m.instances / m.seconds, 0.01 * t.instances_per_s + 0.01);
      expect(t.full_epoch.projected_s).to.be.closeTo((m.seconds / m.steps) * full.steps_per_epoch, 0.1);
      expect(t.full_epoch.projected_s_by_tokens).to.be.a('number');
      if (name.endsWith('fixed_512')) expect(m.tokens_padded).to.equal(m.instances * 512);
      else expect(m.tokens_padded).to.be.at.least(m.tokens_real);
    }
    expect(report.sections.precision_comparison.loss_max_abs_diff_grouped).to.be.below(0.05);
  });

  it('OOM back-off: oom events, micro-batch halved, same effective batch and loss as the reference', () => {
    const oom = report.sections.oom;
    expect(oom.simulated).to.match(/CPU/);
    expect(oom.oom_events.map((e: Json) => e.micro_batch)).to.deep.equal([8, 4]);
    expect(oom.oom_events.every((e: Json) => e.effective_batch === 16)).to.equal(true);
    expect(oom.checks).to.deep.equal({ oom_event: true, halved_each_time: true, same_effective_batch: true, finished: true, instances_per_step: 16, same_loss_as_reference: true });
    expect(oom.reference).to.include({ micro_batch: 4, grad_accum: 4, oom_events: 0 });
  });

  it('resume: stopped with 143, resumed at the next step, same loss curve (exactly, on the CPU)', () => {
    const r = report.sections.resume;
    expect(r.exit_codes).to.deep.equal({ uninterrupted: 0, stopped: 143, resumed: 0 });
    expect(r.resumed_from.step).to.equal(r.stopped_after);
    expect(r.resumed_steps[0]).to.equal(r.stopped_after + 1);
    expect(r.loss_max_abs_diff_after_resume).to.equal(0);
  });

  it('prediction over the whole target test set, and the SDPA kernel in use', () => {
    const p = report.sections.predict;
    for (const run of p.runs) expect(run).to.include({ exit_code: 0, instances: prepared.sets.biored.files.test.instances });
    expect(summary.predict_seconds_per_1000).to.equal(p.seconds_per_1000);
    const cases = report.sections.sdpa.cases as Record<string, Json>;
    expect(Object.keys(cases)).to.have.members(['fp32 / grouped (padding inside)', 'fp32 / no padding', 'fp32 / fixed 512']);
    for (const c of Object.values(cases)) expect(c.kernels_used.length).to.be.greaterThan(0);
  });
});
