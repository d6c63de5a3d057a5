/**
 * Demo portal only: publishes scaffolded services without an external Git host. The
 * `demo:publish:local` action commits the generated files to a local bare repository,
 * copies the Kubernetes manifests to a folder the demo's workload source reads, and
 * hands the catalog-info.yaml to an entity provider, so the new service appears in the
 * catalog and its Security tab within one workload sync. A real portal uses
 * publish:github / publish:gitlab and catalog:register instead (README).
 */
import {
  coreServices,
  createBackendModule,
  LoggerService,
  resolveSafeChildPath,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  catalogProcessingExtensionPoint,
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';

import {
  createTemplateAction,
  scaffolderActionsExtensionPoint,
} from '@backstage/plugin-scaffolder-node';
import { execFile } from 'child_process';
import { promises as fs } from 'fs';
import os from 'os';
import path from 'path';
import { promisify } from 'util';
import { parseAllDocuments } from 'yaml';

const run = promisify(execFile);

/** Where the demo keeps its repositories, manifests and entities (git-ignored). */
export const DEFAULT_LOCAL_PUBLISH_ROOT = '../../.demo-scaffolder';

/** The folders under the root. */
export function localPublishPaths(root: string) {
  return {
    git: path.join(root, 'git'),
    manifests: path.join(root, 'manifests'),
    catalog: path.join(root, 'catalog'),
  };
}

const REPO_NAME = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * Emits the components of the locally published repositories; re-reads its folder on
 * every refresh, so it is the folder, not memory, that says what exists.
 */
export class DemoLocalRepositoryProvider implements EntityProvider {
  private connection?: EntityProviderConnection;

  constructor(
    private readonly catalogDir: string,
    private readonly logger: LoggerService,
  ) {}

  getProviderName() {
    return 'demo-local-repositories';
  }

  async connect(connection: EntityProviderConnection) {
    this.connection = connection;
    await this.refresh();
  }

  async refresh() {
    if (!this.connection) return;
    await fs.mkdir(this.catalogDir, { recursive: true });
    const files = (await fs.readdir(this.catalogDir)).filter(f =>
      f.endsWith('.yaml'),
    );
    const entities: Entity[] = [];
    for (const file of files.sort()) {
      const full = path.join(this.catalogDir, file);
      const text = await fs.readFile(full, 'utf8');
      for (const doc of parseAllDocuments(text)) {
        const entity = doc.toJS() as Entity;
        if (!entity?.kind || !entity.metadata?.name) continue;
        const location = `file:${full}`;
        entity.metadata.annotations = {
          ...entity.metadata.annotations,
          'backstage.io/managed-by-location': location,
          'backstage.io/managed-by-origin-location': location,
        };
        entities.push(entity);
      }
    }
    await this.connection.applyMutation({
      type: 'full',
      entities: entities.map(entity => ({
        entity,
        locationKey: this.getProviderName(),
      })),
    });
    this.logger.info(`Published repositories: ${entities.length} entities`);
  }
}

async function git(args: string[], env: Record<string, string> = {}) {
  const { stdout } = await run('git', args, {
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'Scaffolder',
      GIT_AUTHOR_EMAIL: 'scaffolder@example.com',
      GIT_COMMITTER_NAME: 'Scaffolder',
      GIT_COMMITTER_EMAIL: 'scaffolder@example.com',
      ...env,
    },
  });
  return stdout.trim();
}

/**
 * Commits a folder to a bare repository's branch without a clone (a temporary index over
 * the folder as work tree). Nothing is committed when the tree is unchanged, so a
 * retried run leaves the same history.
 */
export async function commitFolder(options: {
  bareRepo: string;
  folder: string;
  branch: string;
  message: string;
}): Promise<{ commit: string; changed: boolean }> {
  const { bareRepo, folder, branch, message } = options;
  await fs.mkdir(bareRepo, { recursive: true });
  if (!(await fs.stat(path.join(bareRepo, 'HEAD')).catch(() => undefined))) {
    await git([
      'init',
      '--bare',
      '--quiet',
      `--initial-branch=${branch}`,
      bareRepo,
    ]);
  }
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'demo-publish-'));
  try {
    const env = { GIT_INDEX_FILE: path.join(tmp, 'index') };
    const base = ['--git-dir', bareRepo, '--work-tree', folder];
    await git([...base, 'add', '--all', '.'], env);
    const tree = await git([...base, 'write-tree'], env);
    const parent = await git([
      '--git-dir',
      bareRepo,
      'rev-parse',
      '--verify',
      '--quiet',
      `refs/heads/${branch}`,
    ]).catch(() => '');
    if (parent) {
      const parentTree = await git([
        '--git-dir',
        bareRepo,
        'rev-parse',
        `${parent}^{tree}`,
      ]);
      if (parentTree === tree) return { commit: parent, changed: false };
    }
    const commit = await git([
      '--git-dir',
      bareRepo,
      'commit-tree',
      tree,
      ...(parent ? ['-p', parent] : []),
      '-m',
      message,
    ]);
    await git([
      '--git-dir',
      bareRepo,
      'update-ref',
      `refs/heads/${branch}`,
      commit,
    ]);
    return { commit, changed: true };
  } finally {
    await fs.rm(tmp, { recursive: true, force: true });
  }
}

/** The `demo:publish:local` action over a root folder and the provider to refresh. */
export function createDemoPublishLocalAction(options: {
  root: string;
  provider: { refresh(): Promise<void> };
}) {
  const paths = localPublishPaths(options.root);
  return createTemplateAction({
    id: 'demo:publish:local',
    description:
      'Demo only: commits the workspace to a local bare repository, shows its manifests to the demo workload source and registers its catalog-info.yaml',
    supportsDryRun: true,
    examples: [
      {
        description: 'Publish a generated service in the demo portal',
        example: [
          'steps:',
          '  - id: publish',
          '    action: demo:publish:local',
          '    input:',
          '      repoName: orders',
          '      manifestsPath: k8s',
        ].join('\n'),
      },
    ],
    schema: {
      input: {
        repoName: z => z.string().regex(REPO_NAME, 'a lower-case DNS label'),
        description: z => z.string().optional(),
        manifestsPath: z =>
          z
            .string()
            .optional()
            .describe(
              'Folder of Kubernetes manifests in the workspace; default k8s',
            ),
        catalogInfoPath: z =>
          z.string().optional().describe('Default catalog-info.yaml'),
        defaultBranch: z => z.string().optional().describe('Default main'),
      },
      output: {
        remoteUrl: z => z.string(),
        repoContentsUrl: z => z.string(),
        commitHash: z => z.string(),
        registered: z =>
          z.boolean().describe('True: the component is in the catalog'),
        entityRef: z => z.string(),
      },
    },
    async handler(ctx) {
      const { repoName } = ctx.input;
      if (!REPO_NAME.test(repoName)) {
        throw new InputError(
          `repoName: "${repoName}" is not a lower-case DNS label`,
        );
      }
      const manifestsPath = ctx.input.manifestsPath ?? 'k8s';
      const catalogInfoPath = ctx.input.catalogInfoPath ?? 'catalog-info.yaml';
      const branch = ctx.input.defaultBranch ?? 'main';
      const bareRepo = path.join(paths.git, `${repoName}.git`);
      const remoteUrl = `file://${path.resolve(bareRepo)}`;
      const catalogInfo = await fs.readFile(
        resolveSafeChildPath(ctx.workspacePath, catalogInfoPath),
        'utf8',
      );
      const component = parseAllDocuments(catalogInfo)
        .map(d => d.toJS() as Entity)
        .find(e => e?.kind === 'Component');
      if (!component)
        throw new InputError(`${catalogInfoPath} holds no Component`);
      const entityRef = `component:${
        component.metadata.namespace ?? 'default'
      }/${component.metadata.name}`;
      ctx.output('remoteUrl', remoteUrl);
      ctx.output('repoContentsUrl', `${remoteUrl}#${branch}`);
      ctx.output('entityRef', entityRef);
      ctx.output('registered', true);
      if (ctx.isDryRun) {
        ctx.output('commitHash', '0'.repeat(40));
        return;
      }
      const { commit, changed } = await commitFolder({
        bareRepo,
        folder: ctx.workspacePath,
        branch,
        message: `Create ${repoName} from the Secured EKS service template`,
      });
      ctx.output('commitHash', commit);
      // Replace, not merge: a file dropped from the manifests must go from the cluster view.
      const manifestsTarget = path.join(paths.manifests, repoName);
      await fs.rm(manifestsTarget, { recursive: true, force: true });
      await fs.cp(
        resolveSafeChildPath(ctx.workspacePath, manifestsPath),
        manifestsTarget,
        {
          recursive: true,
        },
      );
      await fs.mkdir(paths.catalog, { recursive: true });
      await fs.writeFile(
        path.join(paths.catalog, `${repoName}.yaml`),
        catalogInfo,
        'utf8',
      );
      await options.provider.refresh();
      ctx.logger.info(
        `Published ${repoName} to ${remoteUrl} (${
          changed ? 'new commit' : 'unchanged'
        } ${commit.slice(0, 8)}); ${entityRef} registered`,
      );
    },
  });
}

const enabled = (config: {
  getOptionalBoolean(key: string): boolean | undefined;
}) =>
  config.getOptionalBoolean('containerSecurityDemo.localPublish.enabled') !==
  false;

function rootOf(config: {
  getOptionalString(key: string): string | undefined;
}) {
  return path.resolve(
    config.getOptionalString('containerSecurityDemo.localPublish.root') ??
      DEFAULT_LOCAL_PUBLISH_ROOT,
  );
}

// One provider shared by the catalog module (which runs it) and the scaffolder module
// (which refreshes it after a publish); both live in this backend process.
let sharedProvider: DemoLocalRepositoryProvider | undefined;
function providerFor(root: string, logger: LoggerService) {
  sharedProvider ??= new DemoLocalRepositoryProvider(
    localPublishPaths(root).catalog,
    logger,
  );
  return sharedProvider;
}

/** Catalog side: the components of locally published repositories. */
export const demoLocalRepositoriesCatalogModule = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'demo-local-repositories',
  register(reg) {
    reg.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ catalog, config, logger }) {
        if (!enabled(config)) return;
        catalog.addEntityProvider(providerFor(rootOf(config), logger));
      },
    });
  },
});

/** Scaffolder side: the `demo:publish:local` action. */
export const demoLocalPublishScaffolderModule = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'demo-local-publish',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ scaffolder, config, logger }) {
        if (!enabled(config)) return;
        const root = rootOf(config);
        // The workload source reads the manifests folder from the first sync on (the
        // repository holds it too, so a failure here is only worth a warning).
        await fs
          .mkdir(localPublishPaths(root).manifests, { recursive: true })
          .catch(e =>
            logger.warn(`Cannot create ${root}/manifests: ${String(e)}`),
          );
        scaffolder.addActions(
          createDemoPublishLocalAction({
            root,
            provider: providerFor(root, logger),
          }),
        );
      },
    });
  },
});
