import { REDACTED, redactSecrets, redactText } from './redact';
import {
  EXAMPLE_ACCESS_KEY_ID,
  EXAMPLE_PRIVATE_KEY_PEM,
} from './__fixtures__/secrets';

describe('redactSecrets', () => {
  it.each([
    [
      'an access key id',
      `used ${EXAMPLE_ACCESS_KEY_ID} today`,
      'used [REDACTED] today',
    ],
    ['a temporary key id', 'key ASIAY34FZKBOKMUTVV7A', 'key [REDACTED]'],
    [
      'password=',
      'login password=hunter2&user=x',
      'login password=[REDACTED]&user=x',
    ],
    [
      'a secret key setting',
      'aws_secret_access_key: wJalrXUtnFEMI/K7MDENG',
      'aws_secret_access_key: [REDACTED]',
    ],
    [
      'a bearer token',
      'Authorization: Bearer abc.def-ghi_123456',
      'Authorization: Bearer [REDACTED]',
    ],
    [
      'a JWT',
      'tok eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig-nature ok',
      'tok [REDACTED] ok',
    ],
    [
      'URL credentials',
      'postgres://app:s3cr3t@db:5432/x',
      'postgres://app:[REDACTED]@db:5432/x',
    ],
    ['a GitHub token', 'ghp_abcdefghijklmnopqrstuvwxyz0123', '[REDACTED]'],
  ])('redacts %s in text', (_, input, expected) => {
    expect(redactText(input)).toBe(expected);
  });

  it('redacts a PEM private key block', () => {
    const text = `before\n${EXAMPLE_PRIVATE_KEY_PEM}\nafter`;
    expect(redactText(text)).toBe(`before\n${REDACTED}\nafter`);
  });

  it('leaves ordinary text alone', () => {
    const text =
      'Scaled deployment payments/payments-api to 0 replicas (was 3)';
    expect(redactText(text)).toBe(text);
  });

  it('walks objects and arrays, replacing values under secret keys whole', () => {
    const input = {
      status: 'done',
      changes: [`deactivated ${EXAMPLE_ACCESS_KEY_ID}`],
      nested: { SecretAccessKey: 'x', sessionToken: 'y', count: 3, ok: true },
      Password: 'p',
    };
    expect(redactSecrets(input)).toEqual({
      status: 'done',
      changes: [`deactivated ${REDACTED}`],
      nested: {
        SecretAccessKey: REDACTED,
        sessionToken: REDACTED,
        count: 3,
        ok: true,
      },
      Password: REDACTED,
    });
    // The input is not changed.
    expect(input.Password).toBe('p');
  });

  it('redacts an access key id under any key', () => {
    expect(redactSecrets({ accessKeyId: EXAMPLE_ACCESS_KEY_ID })).toEqual({
      accessKeyId: REDACTED,
    });
  });
});
