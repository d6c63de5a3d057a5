import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  RootConfigService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';

/** The plugin's configuration, read once at start-up. */
export interface ContainerSecurityConfig {
  manifestSources: Array<{ name: string; paths: string[] }>;
  syncSchedule: SchedulerServiceTaskScheduleDefinition;
}

const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 5 },
  timeout: { minutes: 2 },
};

export function readContainerSecurityConfig(
  config: RootConfigService,
): ContainerSecurityConfig {
  const workloads = config.getOptionalConfig('containerSecurity.workloads');
  const manifestSources = (
    workloads?.getOptionalConfigArray('manifests') ?? []
  ).map(c => ({ name: c.getString('name'), paths: c.getStringArray('paths') }));
  const schedule = workloads?.getOptionalConfig('schedule');
  return {
    manifestSources,
    syncSchedule: schedule
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(schedule)
      : DEFAULT_SCHEDULE,
  };
}
