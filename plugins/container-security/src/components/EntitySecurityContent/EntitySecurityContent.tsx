import { Content, EmptyState } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { isContainerSecurityAvailable } from '@containersec/plugin-container-security-common';
import { Route, Routes } from 'react-router-dom';
import { MissingKubernetesAnnotation } from '../EmptyStates';
import { SECURITY_AREAS } from './areas';
import { SecurityTabLayout } from './SecurityTabLayout';

const DefaultArea = SECURITY_AREAS[0].Component;

function UnknownArea() {
  return (
    <EmptyState
      missing="info"
      title="No such area"
      description="This part of the Security tab does not exist; choose an area above."
    />
  );
}

/**
 * The Security tab of an entity page: a summary strip and one route per area
 * (`posture`, `vulnerabilities`, `alerts`, `network`, `audit`, `cost`, `workloads`,
 * `response`) below wherever the tab is mounted, so each area has a link of its own.
 *
 * @public
 */
export function EntitySecurityContent() {
  const { entity } = useEntity();
  return (
    <Content>
      {isContainerSecurityAvailable(entity) ? (
        <Routes>
          <Route element={<SecurityTabLayout />}>
            <Route index element={<DefaultArea />} />
            {SECURITY_AREAS.map(area => (
              <Route
                key={area.path}
                path={`${area.path}/*`}
                element={<area.Component />}
              />
            ))}
            <Route path="*" element={<UnknownArea />} />
          </Route>
        </Routes>
      ) : (
        <MissingKubernetesAnnotation />
      )}
    </Content>
  );
}
