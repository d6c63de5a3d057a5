export interface Config {
  /** Configuration of the container-security plugin suite. */
  containerSecurity?: {
    /**
     * Customisation of the posture checks. The same block is read by
     * `yarn container-security scan --config app-config.yaml`.
     */
    posture?: {
      /** Registries images may come from (prefix match); empty or absent allows any. */
      allowedRegistries?: string[];
      /**
       * The Pod Security Standards version (`v1.<minor>` or `latest`) the `pss:` checks use
       * for namespaces without a `pod-security.kubernetes.io/<mode>-version` label: what
       * `latest` means on your clusters. Defaults to the newest rules the checks know.
       */
      podSecurityVersion?: string;
      /** Turn checks off or change their severity, everywhere or for some namespaces or entities. */
      rules?: Array<{
        /** Check id, as listed by `yarn container-security checks`. */
        check: string;
        enabled?: boolean;
        severity?: 'critical' | 'high' | 'medium' | 'low' | 'info';
        namespaces?: string[];
        /** Entity refs, e.g. `component:default/payments-api`. */
        entities?: string[];
      }>;
      /** Accepted findings, each with a reason, an owner and optionally an expiry date. */
      exemptions?: Array<{
        check: string;
        namespace?: string;
        kind?: string;
        name?: string;
        /** Narrows the exemption to one container, e.g. an injected mesh sidecar. */
        container?: string;
        reason: string;
        /** Who answers for it, e.g. `group:default/platform-team`. */
        owner: string;
        /** Last day it applies (YYYY-MM-DD, UTC); afterwards it is shown as expired. */
        expires?: string;
      }>;
      /** Checks written in CEL over the Kubernetes object (bound to `object`). */
      customChecks?: Array<{
        id: string;
        title: string;
        severity: 'critical' | 'high' | 'medium' | 'low' | 'info';
        kinds: string[];
        /** Must evaluate to true for the object to pass, as in a ValidatingAdmissionPolicy. */
        expression: string;
        message?: string;
        remediation?: string;
      }>;
    };
  };
}
