#!/usr/bin/env node
// `npm audit --omit=dev`: fails on any high or critical advisory in what Stride ships.
// When the registry's advisory service cannot be reached (some networks allow package
// downloads only), it says so plainly and exits 0 — there is nothing to judge — unless
// STRIDE_AUDIT_REQUIRED=true, where an unreachable service fails too.
import { spawnSync } from 'node:child_process';

const run = spawnSync('npm', ['audit', '--omit=dev', '--json'], { encoding: 'utf8', shell: false });
let report;
try {
  report = JSON.parse(run.stdout);
} catch {
  process.stderr.write(`npm audit printed no JSON:\n${run.stdout}\n${run.stderr}\n`);
  process.exit(1);
}

if (report.metadata?.vulnerabilities) {
  const v = report.metadata.vulnerabilities;
  process.stdout.write(
    `npm audit --omit=dev: critical ${v.critical}, high ${v.high}, moderate ${v.moderate}, low ${v.low}\n`,
  );
  const serious = Object.values(report.vulnerabilities ?? {}).filter((x) =>
    ['high', 'critical'].includes(x.severity),
  );
  for (const x of serious) process.stdout.write(`  ${x.severity}: ${x.name} ${x.range}\n`);
  process.exit(v.critical + v.high > 0 ? 1 : 0);
}

const reason = report.message ?? report.error?.summary ?? 'unknown error';
process.stdout.write(
  `npm audit --omit=dev: the advisory service could not be reached (${reason.split(' - ')[0]})\n`,
);
process.exit(process.env.STRIDE_AUDIT_REQUIRED === 'true' ? 1 : 0);
