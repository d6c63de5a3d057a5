// Secret-shaped test input for the redaction and trigger tests. The key id is AWS's
// documented example; the key block is a truncated, invalid PEM.
export const EXAMPLE_ACCESS_KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
export const EXAMPLE_PRIVATE_KEY_PEM =
  '-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----';
