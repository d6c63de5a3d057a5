import { cidrContains, cidrWithin, formatIp, parseCidr, parseIp } from './cidr';

describe('cidr', () => {
  it('parses IPv4 and IPv6 addresses and rejects malformed ones', () => {
    expect(parseIp('10.1.2.3')).toEqual({ v6: false, value: 0x0a010203n });
    expect(parseIp('::1')).toEqual({ v6: true, value: 1n });
    expect(parseIp('2001:db8::ff00:42:8329')?.value).toBe(
      0x20010db8000000000000ff0000428329n,
    );
    expect(parseIp('::ffff:10.0.0.1')?.value).toBe(0xffff0a000001n);
    for (const bad of [
      '10.1.2',
      '256.1.1.1',
      '1::2::3',
      'x',
      '1.2.3.4.5',
      '12345::',
    ]) {
      expect(parseIp(bad)).toBeUndefined();
    }
  });

  it('parses CIDRs, masks host bits and tests containment per family', () => {
    const net = parseCidr('10.1.2.3/8')!;
    expect(net).toMatchObject({ v6: false, prefix: 8, base: 0x0a000000n });
    expect(cidrContains(net, parseIp('10.255.0.1')!)).toBe(true);
    expect(cidrContains(net, parseIp('11.0.0.1')!)).toBe(false);
    expect(cidrContains(parseCidr('0.0.0.0/0')!, parseIp('8.8.8.8')!)).toBe(
      true,
    );
    expect(cidrContains(parseCidr('0.0.0.0/0')!, parseIp('::1')!)).toBe(false);
    expect(cidrContains(parseCidr('::/0')!, parseIp('2001:db8::1')!)).toBe(
      true,
    );
    expect(cidrContains(parseCidr('1.2.3.4')!, parseIp('1.2.3.4')!)).toBe(true);
    expect(cidrWithin(parseCidr('10.1.0.0/16')!, net)).toBe(true);
    expect(cidrWithin(net, parseCidr('10.1.0.0/16')!)).toBe(false);
    for (const bad of [
      '10.0.0.0/33',
      '10.0.0.0/-1',
      '10.0.0.0/8/1',
      '::/129',
      '10.0.0.0/x',
    ]) {
      expect(parseCidr(bad)).toBeUndefined();
    }
  });

  it('formats addresses', () => {
    expect(formatIp({ v6: false, value: 0x0a000001n })).toBe('10.0.0.1');
    expect(formatIp({ v6: true, value: 1n })).toBe('0:0:0:0:0:0:0:1');
  });
});
