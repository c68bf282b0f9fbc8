import { BlockList, isIP } from 'node:net';

/**
 * Address ranges no webhook may reach unless the operator allows them: the hub's own host, its
 * private networks and the cloud metadata service are where a forged endpoint would do harm. Each
 * range names why it is refused; the first match names it. Node's BlockList (node:net) does the
 * matching: it is part of the runtime, and it matches IPv4-mapped IPv6 forms (`::ffff:127.0.0.1`,
 * `::ffff:7f00:1`) against the IPv4 ranges by itself, the classic bypass of hand-written checks.
 */
const RANGES: readonly (readonly [reason: string, network: string, prefix: number])[] = [
  ['the cloud metadata service', '169.254.169.254', 32],
  ['the cloud metadata service', 'fd00:ec2::254', 128],
  ['an unspecified address', '0.0.0.0', 8],
  ['an unspecified address', '::', 128],
  ['a loopback address', '127.0.0.0', 8],
  ['a loopback address', '::1', 128],
  ['a private address (RFC 1918)', '10.0.0.0', 8],
  ['a private address (RFC 1918)', '172.16.0.0', 12],
  ['a private address (RFC 1918)', '192.168.0.0', 16],
  ['a carrier-grade NAT address (RFC 6598)', '100.64.0.0', 10],
  ['a link-local address', '169.254.0.0', 16],
  ['a link-local address', 'fe80::', 10],
  ['a unique local address (RFC 4193)', 'fc00::', 7],
  ['a site-local address', 'fec0::', 10],
  ['a multicast address', '224.0.0.0', 4],
  ['a multicast address', 'ff00::', 8],
  ['a reserved or broadcast address', '240.0.0.0', 4],
  ['an IETF protocol address', '192.0.0.0', 24],
  ['a documentation address', '192.0.2.0', 24],
  ['a documentation address', '198.51.100.0', 24],
  ['a documentation address', '203.0.113.0', 24],
  ['a documentation address', '2001:db8::', 32],
  ['a benchmarking address', '198.18.0.0', 15],
  ['a discard-only address', '100::', 64],
  // IPv6 forms that carry an IPv4 address inside (IPv4-compatible, NAT64, 6to4, Teredo): refused
  // whole rather than decoded, so no embedding reaches a private IPv4 host; allowlist them if needed.
  ['an IPv4-compatible IPv6 address', '::', 96],
  ['a NAT64 address embedding an IPv4 address', '64:ff9b::', 96],
  ['a NAT64 address embedding an IPv4 address', '64:ff9b:1::', 48],
  ['a 6to4 address embedding an IPv4 address', '2002::', 16],
  ['a Teredo address embedding an IPv4 address', '2001::', 32],
];

const BLOCKS = RANGES.map(([reason, network, prefix]) => {
  const list = new BlockList();
  list.addSubnet(network, prefix, isIP(network) === 6 ? 'ipv6' : 'ipv4');
  return { reason, list };
});

/** Why `address` (an IPv4 or IPv6 literal, without brackets) may not be a webhook's target, or undefined for a public address. */
export function blockedAddressReason(address: string): string | undefined {
  const family = isIP(address);
  if (family === 0) return 'not an IP address';
  const type = family === 6 ? 'ipv6' : 'ipv4';
  return BLOCKS.find((block) => block.list.check(address, type))?.reason;
}

/** An entry of the operator's allowlist: a host name, an IP address or a CIDR range. */
export type AllowlistEntry = { readonly host: string } | { readonly network: string; readonly prefix: number };

const HOST_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*\.?$/i;

/** An allowlist entry read from its text (`agency.example.cn`, `127.0.0.1`, `10.1.0.0/16`, `::1`), or undefined when it is none. */
export function parseAllowlistEntry(text: string): AllowlistEntry | undefined {
  const [network = '', prefixText, ...rest] = text.trim().split('/');
  const family = isIP(network);
  if (rest.length > 0) return undefined;
  if (family === 0)
    return prefixText === undefined && HOST_NAME.test(network) ? { host: network.toLowerCase().replace(/\.$/, '') } : undefined;
  const prefix = prefixText === undefined ? (family === 6 ? 128 : 32) : Number(prefixText);
  if (!/^\d{1,3}$/.test(prefixText ?? '0') || prefix > (family === 6 ? 128 : 32)) return undefined;
  return { network, prefix };
}

/** The operator's exceptions: host names allowed whatever they resolve to, and addresses allowed though in a refused range. */
export class WebhookAllowlist {
  private readonly hosts = new Set<string>();
  private readonly addresses = new BlockList();

  constructor(entries: readonly AllowlistEntry[] = []) {
    for (const entry of entries) {
      if ('host' in entry) this.hosts.add(entry.host);
      else this.addresses.addSubnet(entry.network, entry.prefix, isIP(entry.network) === 6 ? 'ipv6' : 'ipv4');
    }
  }

  allowsHost(host: string): boolean {
    return this.hosts.has(host.toLowerCase().replace(/\.$/, ''));
  }

  allowsAddress(address: string): boolean {
    const family = isIP(address);
    return family !== 0 && this.addresses.check(address, family === 6 ? 'ipv6' : 'ipv4');
  }
}
