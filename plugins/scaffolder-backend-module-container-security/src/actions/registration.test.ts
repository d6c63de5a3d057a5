import { parse } from 'yaml';
import { createGenerateIamPolicyAction } from './generateIamPolicy';
import { createGenerateNetworkPolicyAction } from './generateNetworkPolicy';
import { createInspectManifestsAction } from './inspectManifests';
import { createPlanServiceAction } from './planService';
import { createValidateNetworkPolicyAction } from './validateNetworkPolicy';
import { createValidatePostureAction } from './validatePosture';

const ACTIONS = [
  createInspectManifestsAction(),
  createValidatePostureAction({
    rules: {
      rules: [],
      exemptions: [],
      customChecks: [],
      allowedRegistries: [],
    },
  }),
  createPlanServiceAction({}),
  createGenerateNetworkPolicyAction(),
  createGenerateIamPolicyAction(),
  createValidateNetworkPolicyAction({ clusters: new Map() }),
];

describe('the registration of every container-security scaffolder action', () => {
  it.each(ACTIONS.map(a => [a.id, a] as const))(
    '%s supports dry-run and has input and output schemas and examples',
    (id, action) => {
      expect(id).toMatch(/^container-security:[a-z]+:[a-z]+$/);
      // the template editor previews a template only when every step supports dry-run
      expect(action.supportsDryRun).toBe(true);
      // zod schemas, converted to JSON schemas with their properties
      for (const schema of [action.schema?.input, action.schema?.output]) {
        expect(schema).toEqual(expect.objectContaining({ type: 'object' }));
        expect(Object.keys((schema as any).properties).length).toBeGreaterThan(
          0,
        );
      }
      expect(action.examples?.length).toBeGreaterThan(0);
      for (const example of action.examples!) {
        const { steps } = parse(example.example);
        expect(steps.map((s: any) => s.action)).toContain(id);
        // every input of the example is one the schema declares
        for (const step of steps) {
          for (const key of Object.keys(step.input ?? {}))
            expect(
              Object.keys((action.schema!.input as any).properties),
            ).toContain(key);
        }
      }
    },
  );
});
