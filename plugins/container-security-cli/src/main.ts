import { isError } from '@backstage/errors';
import {
  SEVERITIES,
  Severity,
} from '@containersec/plugin-container-security-common';
import {
  ManifestParseError,
  TalonRulesError,
} from '@containersec/plugin-container-security-node';
import { Command, Option } from 'commander';
import { listChecks } from './commands/checks';
import { netpolReach, NetpolFormat } from './commands/netpol';
import { respondersTest, RespondersFormat } from './commands/responders';
import {
  reachesThreshold,
  scan,
  ScanFormat,
  UsageError,
} from './commands/scan';

/** Where the CLI writes; tests pass their own. */
export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/**
 * Runs the CLI and answers its exit code: 0 done, 1 a finding reached `--fail-on`
 * (for `netpol reach`: the flow is denied), 2 bad input (unparseable manifest, invalid configuration, a custom check that does
 * not compile, a bad responder rules or events file, unknown options).
 */
export async function run(
  args: string[],
  io: Io,
  now = new Date(),
): Promise<number> {
  let exitCode = 0;
  const program = new Command('container-security')
    .description('Container-security posture checks for Kubernetes manifests')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });

  program
    .command('checks')
    .description('List the posture checks')
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(['table', 'json'])
        .default('table'),
    )
    .action((opts: { format: 'table' | 'json' }) => {
      io.stdout(`${listChecks(opts.format)}\n`);
    });

  program
    .command('scan')
    .description(
      'Scan manifest files or folders (YAML, JSON, List kinds, Helm-rendered output)',
    )
    .argument('<paths...>', 'files or folders')
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(['table', 'json', 'sarif'])
        .default('table'),
    )
    .addOption(
      new Option(
        '--fail-on <severity>',
        'exit with 1 when a finding is at or above this severity',
      )
        .choices([...SEVERITIES, 'none'])
        .default('none'),
    )
    .option(
      '--config <file>',
      'app-config file with containerSecurity.posture rules (repeatable)',
      (v: string, acc: string[]) => [...acc, v],
      [] as string[],
    )
    .action(
      async (
        paths: string[],
        opts: {
          format: ScanFormat;
          failOn: Severity | 'none';
          config: string[];
        },
      ) => {
        const { output, result, warnings } = await scan({
          paths,
          format: opts.format,
          configFiles: opts.config,
          cwd: process.cwd(),
          now,
        });
        for (const w of warnings) io.stderr(`warning: ${w}\n`);
        io.stdout(`${output}\n`);
        if (reachesThreshold(result, opts.failOn)) exitCode = 1;
      },
    );

  program
    .command('netpol')
    .description('Network-policy analysis (Kubernetes and Calico)')
    .command('reach')
    .description(
      'Whether a flow is allowed: egress at the source and ingress at the destination; exit 0 allowed, 1 denied, 2 bad input',
    )
    .argument(
      '<paths...>',
      'manifest files or folders (policies, namespaces, pods, workloads)',
    )
    .requiredOption(
      '--from <ref>',
      '<namespace>/<pod-or-workload>, <namespace>/<Kind>/<name> or an IP address',
    )
    .requiredOption(
      '--to <ref>',
      '<namespace>/<pod-or-workload>, <namespace>/<Kind>/<name> or an IP address',
    )
    .requiredOption(
      '--port <port>',
      '<port>[/<protocol>], e.g. 8080, 53/UDP, http',
    )
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(['table', 'json'])
        .default('table'),
    )
    .action(
      async (
        paths: string[],
        opts: { from: string; to: string; port: string; format: NetpolFormat },
      ) => {
        const { output, verdict } = await netpolReach({ paths, ...opts });
        io.stdout(`${output}\n`);
        if (!verdict.allowed) exitCode = 1;
      },
    );

  program
    .command('responders')
    .description('Responder rules (Falco Talon syntax)')
    .command('test')
    .description(
      'Which rules match each Falco event of a JSONL file, and the Lambda invocations they stand for; exit 0, or 2 on a bad rules or events file',
    )
    .requiredOption('--rules <files...>', 'Talon rules files, in order')
    .requiredOption('--events <file>', 'Falco events, one JSON object a line')
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(['json', 'table'])
        .default('json'),
    )
    .option(
      '--config <file>',
      'app-config file with containerSecurity.responders.actionners (repeatable)',
      (v: string, acc: string[]) => [...acc, v],
      [] as string[],
    )
    .action(
      async (opts: {
        rules: string[];
        events: string;
        format: RespondersFormat;
        config: string[];
      }) => {
        const { output } = await respondersTest({
          rulesFiles: opts.rules,
          eventsFile: opts.events,
          format: opts.format,
          configFiles: opts.config,
        });
        io.stdout(`${output}\n`);
      },
    );

  try {
    await program.parseAsync(args, { from: 'user' });
    return exitCode;
  } catch (e) {
    if (isError(e) && e.name === 'CommanderError') {
      const code = (e as unknown as { exitCode: number }).exitCode;
      return code === 0 ? 0 : 2;
    }
    if (e instanceof TalonRulesError) {
      for (const p of e.problems) {
        io.stderr(`${p.file}:${p.line}: ${p.message}\n`);
      }
      return 2;
    }
    if (e instanceof ManifestParseError || e instanceof UsageError) {
      io.stderr(`error: ${e.message}\n`);
      return 2;
    }
    if (
      isError(e) &&
      (e.name === 'InputError' ||
        (e as NodeJS.ErrnoException).code === 'ENOENT')
    ) {
      io.stderr(`error: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

/** Entry point of `bin/container-security`. */
export function main(argv: string[]) {
  run(argv.slice(2), {
    stdout: t => process.stdout.write(t),
    stderr: t => process.stderr.write(t),
  }).then(
    code => {
      process.exitCode = code;
    },
    error => {
      process.stderr.write(`${error?.stack ?? error}\n`);
      process.exitCode = 2;
    },
  );
}
