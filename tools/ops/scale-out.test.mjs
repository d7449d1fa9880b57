#!/usr/bin/env node
// Scale-out on real parts (SPEC §14, issue 13 item 4), for `npm run test:ops`:
//   1. `npm run scale-out -- --check` (short loads) must exit 0 — it exits 1 naming each broken
//      guarantee (acknowledged writes stored once, only retriable failures while an API process
//      is SIGKILLed, throttling and revocation across processes, reads from the replica) — within
//      the CI budget of 5 minutes;
//   2. an interrupted run (SIGINT once every part is up, as Ctrl-C would) exits 130;
//   3. without pgbouncer and nginx (as root: an empty /usr/sbin in a private mount namespace) it
//      exits 1 with one sentence saying what to install;
// and after each, nothing it started is left: no process runs from its folder, the folder is gone.
// Needs Debian's postgresql, pgbouncer and nginx-light (.ci/run installs them).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SCRIPT = join(ROOT, 'tools', 'scale-out', 'scale-out.mjs');
const BUDGET_MS = 5 * 60 * 1000;

let failures = 0;
const out = (line = '') => process.stdout.write(`${line}\n`);
function check(ok, what, detail = '') {
  out(`${ok ? 'ok  ' : 'FAIL'} ${what}${!ok && detail ? `: ${detail}` : ''}`);
  if (!ok) failures++;
}

/** Processes whose command line names `folder` (what the run started lives there). */
function processesIn(folder) {
  const found = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (cmd.includes(folder)) found.push(`${pid} ${cmd.slice(0, 80)}`);
    } catch {
      // gone
    }
  }
  return found;
}

/**
 * Runs the script; `interruptWhen` (a line it prints) sends SIGINT at that point. Resolves with
 * the exit code, the output and the work folder it printed.
 */
function runScript(args, { interruptWhen, budgetMs }) {
  return new Promise((resolveRun) => {
    const child = spawn(process.execPath, [SCRIPT, ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let text = '';
    let interrupted = false;
    const onData = (b) => {
      process.stdout.write(b);
      text += b;
      if (interruptWhen && !interrupted && text.includes(interruptWhen)) {
        interrupted = true;
        child.kill('SIGINT');
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGINT');
      setTimeout(() => child.kill('SIGKILL'), 30000).unref();
    }, budgetMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const work = / in (\/\S*stride-scale-out-\S+)/.exec(text)?.[1];
      resolveRun({ code: code ?? signal, text, work, timedOut });
    });
  });
}

function leftNothing(run, label) {
  if (!run.work) {
    check(false, `${label}: the run printed its folder`);
    return;
  }
  const left = processesIn(run.work);
  check(left.length === 0, `${label}: no process it started is left`, left.join('; '));
  check(!existsSync(run.work), `${label}: its folder ${run.work} is removed`);
}

// A machine without PgBouncer and nginx (hidden by an empty /usr/sbin in a mount namespace of
// its own, root only): one sentence saying what to install, exit 1, nothing started.
if (process.getuid?.() === 0) {
  const hidden = spawnSync(
    'unshare',
    ['-m', 'sh', '-c', `mount -t tmpfs none /usr/sbin && exec ${process.execPath} ${SCRIPT} --check`],
    { encoding: 'utf8' },
  );
  if (hidden.error || /unshare:|mount:/.test(hidden.stderr)) {
    out(
      `skipped the missing-binaries case: no private mount namespace here (${hidden.stderr.trim() || hidden.error})`,
    );
  } else {
    check(
      hidden.status === 1 &&
        hidden.stderr.trim() ===
          "scale-out: the scale-out run needs Debian's pgbouncer and nginx-light: install with apt-get install -y pgbouncer nginx-light",
      'without pgbouncer and nginx it exits 1 with one sentence saying what to install',
      `exit ${hidden.status}: ${hidden.stderr.trim()}`,
    );
  }
}

const started = Date.now();
const full = await runScript(['--check'], { budgetMs: BUDGET_MS });
const took = Math.round((Date.now() - started) / 1000);
check(!full.timedOut, `npm run scale-out -- --check finished within the CI budget of 5 minutes (${took} s)`);
check(full.code === 0, `npm run scale-out -- --check exits 0 (every guarantee held)`, `exit ${full.code}`);
check(/ratio 3\/1: \d+\.\d\d/.test(full.text), 'it printed the throughput ratio of 3 to 1 API processes');
leftNothing(full, 'after the run');

out('\n--- an interrupted run (SIGINT once every part is up) ---');
const cut = await runScript(['--check'], { interruptWhen: 'nginx on http://', budgetMs: 120000 });
check(cut.code === 130, 'an interrupted run exits 130', `exit ${cut.code}`);
check(/interrupted: stopping every part/.test(cut.text), 'it says it stops every part');
leftNothing(cut, 'after the interrupt');

out(failures ? `scale-out test: ${failures} check(s) FAILED` : 'scale-out test: all checks passed');
process.exit(failures ? 1 : 0);
