import dns, { type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { blockedAddressReason, parseAllowlistEntry, WebhookAllowlist, type AllowlistEntry } from './address-ranges.js';

/** Resolves a host name to every address it has (dns.lookup, as connecting would). */
export type HostResolver = (hostname: string) => Promise<readonly LookupAddress[]>;

const systemResolver: HostResolver = (hostname) => dns.promises.lookup(hostname, { all: true, verbatim: true });

/** Code of a refused target, in an attempt's failure and on the error a refused lookup gives to `connect`. */
export const TARGET_REFUSED = 'WEBHOOK_TARGET_REFUSED';

/**
 * Keeps webhooks off the hub's own host, its private networks and the metadata service (SSRF):
 * an endpoint whose host is, or resolves to, a loopback, private, link-local, CGNAT, multicast,
 * unspecified, metadata or other non-public address (IPv4-mapped IPv6 forms included) is refused,
 * unless the operator's allowlist names its host or covers the address. Checked when a
 * subscription is made (`refusal`) and again on every connection (`lookup`, handed to
 * `http.request`): the address checked is the address connected to, so a name that resolves to a
 * public address at subscription time and to 127.0.0.1 later (DNS rebinding) is refused then.
 */
export class WebhookTargetGuard {
  private readonly allowlist: WebhookAllowlist;

  constructor(
    allowlist: readonly AllowlistEntry[] = [],
    private readonly resolve: HostResolver = systemResolver,
  ) {
    this.allowlist = new WebhookAllowlist(allowlist);
  }

  /** A guard over the allowlist's text entries; throws naming the first entry that is not a host name, IP address or CIDR range. */
  static fromEntries(entries: readonly string[], resolve?: HostResolver): WebhookTargetGuard {
    const parsed = entries.map((entry) => {
      const result = parseAllowlistEntry(entry);
      if (!result) throw new Error(`${JSON.stringify(entry)} is not a host name, an IP address or a CIDR range such as 10.1.0.0/16`);
      return result;
    });
    return new WebhookTargetGuard(parsed, resolve);
  }

  /** Why the endpoint may not be called, or undefined when it may: its literal address, or every address its host resolves to, is checked. */
  async refusal(url: URL): Promise<string | undefined> {
    const host = bareHost(url);
    if (this.allowlist.allowsHost(host)) return undefined;
    if (isIP(host) !== 0) return this.addressRefusal(host, host);
    let addresses: readonly LookupAddress[];
    try {
      addresses = await this.resolve(host);
    } catch (error) {
      return `${host} does not resolve (${(error as NodeJS.ErrnoException).code ?? String(error)}); use a host name with a public address`;
    }
    return this.addressesRefusal(host, addresses);
  }

  /** Why a literal host may not be connected to, checked before any request; undefined for a name (checked by `lookup`) or an allowed address. */
  literalRefusal(url: URL): string | undefined {
    const host = bareHost(url);
    if (isIP(host) === 0 || this.allowlist.allowsHost(host)) return undefined;
    return this.addressRefusal(host, host);
  }

  /**
   * A `lookup` for `net.connect`: resolves once, refuses the connection (error code
   * WEBHOOK_TARGET_REFUSED) when any address is not allowed, and otherwise connects to exactly the
   * addresses it checked.
   */
  readonly lookup: LookupFunction = (hostname, options, callback) => {
    const answer = callback;
    this.resolve(hostname).then(
      (resolved) => {
        const addresses = resolved.filter((a) => !options.family || a.family === options.family || options.family === 0);
        const refusal = this.allowlist.allowsHost(hostname) ? undefined : this.addressesRefusal(hostname, addresses);
        const first = addresses[0];
        if (refusal !== undefined || !first) {
          const error: NodeJS.ErrnoException = new Error(refusal ?? `${hostname} has no address of the family asked for`);
          error.code = refusal === undefined ? 'ENOTFOUND' : TARGET_REFUSED;
          answer(error, options.all ? [] : '', 0);
        } else if (options.all) answer(null, [...addresses]);
        else answer(null, first.address, first.family);
      },
      (error: NodeJS.ErrnoException) => answer(error, options.all ? [] : '', 0),
    );
  };

  private addressesRefusal(host: string, addresses: readonly LookupAddress[]): string | undefined {
    if (addresses.length === 0) return `${host} resolves to no address`;
    for (const { address } of addresses) {
      const refusal = this.addressRefusal(host, address);
      if (refusal !== undefined) return refusal;
    }
    return undefined;
  }

  private addressRefusal(host: string, address: string): string | undefined {
    if (this.allowlist.allowsAddress(address)) return undefined;
    const reason = blockedAddressReason(address);
    if (reason === undefined) return undefined;
    const where = host === address ? address : `${host} resolves to ${address}, which`;
    return `${where} is ${reason}; webhooks go only to public addresses: use a public endpoint, or ask the hub operators to add it to their webhook allowlist`;
  }
}

/** The URL's host without IPv6 brackets. */
function bareHost(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}
