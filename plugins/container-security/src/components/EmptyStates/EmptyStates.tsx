import { CodeSnippet, EmptyState } from '@backstage/core-components';
import { KUBERNETES_ANNOTATIONS } from '@containersec/plugin-container-security-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';

/** For entities that have the annotations but no matching workload yet. */
export function NoWorkloadsEmptyState() {
  return (
    <EmptyState
      missing="data"
      title="No workloads found"
      description="No workload in the connected clusters or manifests carries this entity's Kubernetes labels yet."
    />
  );
}

const EXAMPLE = `metadata:
  annotations:
    # either this one
    ${KUBERNETES_ANNOTATIONS.id}: payments-api
    # or this one
    ${KUBERNETES_ANNOTATIONS.labelSelector}: 'app=payments-api'`;

/**
 * For entities without the Kubernetes plugin's annotations. Catalog's own
 * missing-annotation state lists both as if both were needed; either one is enough.
 */
export function MissingKubernetesAnnotation() {
  return (
    <EmptyState
      missing="field"
      title="Not linked to Kubernetes workloads"
      description={
        <span data-testid="missing-kubernetes-annotation">
          {`Add either the ${KUBERNETES_ANNOTATIONS.id} or the ${KUBERNETES_ANNOTATIONS.labelSelector} annotation to this entity: either one is enough, the same ones the Kubernetes plugin reads.`}
        </span>
      }
      action={
        <Box maxWidth={560}>
          <Typography variant="body2" gutterBottom>
            In catalog-info.yaml:
          </Typography>
          <CodeSnippet language="yaml" text={EXAMPLE} showCopyCodeButton />
        </Box>
      }
    />
  );
}
