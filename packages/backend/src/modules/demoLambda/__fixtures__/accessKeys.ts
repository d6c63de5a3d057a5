// The access key id the example CloudTrail records (examples/cloudtrail) name for the
// demo's risky IAM user; the demo IAM is seeded from those records.
export const DEMO_ACCESS_KEY_ID = 'AKIA0W5KI69TY8X86BGT';
