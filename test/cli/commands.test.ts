// Commands load their libraries only when they run: `--help` (and a mistyped option) stays fast and
// does not load onnxruntime, vega or SQLite. A module-resolution hook logs what the process loads.
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/shared.ts';

const HOOKS = join(REPO_ROOT, 'test/fixtures/cli/record-imports.mjs');
const HEAVY = /node_modules\/(onnxruntime-node|onnxruntime-common|vega|vega-lite|better-sqlite3)\//;

/** Runs `node --import tsx <args>` with the import log on; returns its output and the URLs it resolved. */
function loaded(args: string[]): { status: number | null; stdout: string; urls: string } {
  const dir = mkdtempSync(join(tmpdir(), 'biorex-imports-'));
  const log = join(dir, 'imports.log');
  try {
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--import', HOOKS, ...args], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: { ...process.env, BIOREX_IMPORT_LOG: log },
    });
    return { status: r.status, stdout: r.stdout, urls: readFileSync(log, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('cli: commands are loaded lazily', function () {
  this.timeout(120_000);

  it('the import log sees a heavy library when one is loaded', () => {
    const r = loaded(['-e', "await import('./src/tracking/index.ts')"]);
    expect(r.status).to.equal(0);
    expect(r.urls).to.match(/node_modules\/better-sqlite3\//);
  });

  for (const command of ['eval', 'predict', 'export-onnx', 'report', 'runs list']) {
    it(`biorex ${command} --help loads no onnxruntime, vega or SQLite`, () => {
      const r = loaded(['src/cli/main.ts', ...command.split(' '), '--help']);
      expect(r.status, r.stdout).to.equal(0);
      expect(r.stdout).to.include(`biorex ${command}`).and.to.include('Options:');
      expect(r.urls).to.match(/node_modules\/yargs\//);
      expect(r.urls.split('\n').filter((u) => HEAVY.test(u))).to.deep.equal([]);
    });
  }
});
