import {
  compileTalonRules,
  parseTalonRules,
  TalonMatcher,
  TalonRulesFile,
} from '@containersec/plugin-container-security-node';
import { readFileSync } from 'fs';
import { relative } from 'path';
import { RespondersConfig } from './config';

/**
 * Reads, parses and compiles the configured rules files once, at start-up. Throws an
 * Error listing each problem as `file:line: problem`: a syntax error, an unmapped Talon
 * actionner, or an action naming a function outside `functions` (the allow-list).
 */
export function loadResponderRules(
  config: Pick<RespondersConfig, 'rulesFiles' | 'actionners' | 'functions'>,
  extraFiles: TalonRulesFile[] = [],
): TalonMatcher {
  const files: TalonRulesFile[] = [
    ...config.rulesFiles.map(path => {
      try {
        // Rules are listed with `file:line` in the API and the UI: name the file as the
        // configuration does (relative to the working directory), not by the server's
        // absolute path.
        return {
          path: relative(process.cwd(), path) || path,
          content: readFileSync(path, 'utf8'),
        };
      } catch (e) {
        throw new Error(
          `containerSecurity.responders.rulesFiles: cannot read ${path}: ${
            (e as Error).message
          }`,
        );
      }
    }),
    ...extraFiles,
  ];
  // Throws TalonRulesError (file:line: problem) on syntax and unmapped actionners.
  const set = parseTalonRules(files, { actionners: config.actionners });
  const allowed = new Set(config.functions.map(f => f.name));
  const problems = set.rules.flatMap(rule =>
    rule.actions
      .filter(action => !allowed.has(action.functionName))
      .map(
        action =>
          `${action.source}: rule '${rule.name}', action '${action.action}' invokes '${action.functionName}', which is not in containerSecurity.responders.functions`,
      ),
  );
  if (problems.length) {
    throw new Error(`Invalid responder rules:\n${problems.join('\n')}`);
  }
  return compileTalonRules(set);
}
