/**
 * Where a webhook may be delivered: public addresses only, unless the operator allows private ones
 * (WEBHOOK_PRIVATE_NETWORKS=on). A watch's webhook URL comes from whoever holds an API key; without
 * this, the service would POST for them into its own network (cloud metadata at 169.254.169.254,
 * an admin port on 127.0.0.1, a database on 10.0.0.5). The check is made on the addresses the host
 * name resolves to at connect time, so a name that later resolves elsewhere is caught too.
 * Node's own `net.BlockList` holds the ranges: no library needed.
 */
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';

const PRIVATE = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  PRIVATE.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
] as const) {
  PRIVATE.addSubnet(network, prefix, 'ipv6');
}

/** True for an address a public webhook may not point at (IPv4-mapped IPv6 judged as its IPv4). */
export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return PRIVATE.check(mapped[1], 'ipv4');
  const family = isIP(address);
  if (family === 0) return true;
  return PRIVATE.check(address, family === 6 ? 'ipv6' : 'ipv4');
}

export class PrivateAddressError extends Error {
  constructor(
    readonly host: string,
    readonly address: string,
  ) {
    super(
      `${host} resolves to ${address}, a private or local address; webhooks go to public addresses only (WEBHOOK_PRIVATE_NETWORKS=on allows private ones)`,
    );
    this.name = 'PrivateAddressError';
  }
}

/** A `lookup` for node:http that refuses a host whose addresses include a private one. */
export const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...(options as LookupOptions), all: true }, (error, addresses) => {
    if (error) {
      callback(error, '', 4);
      return;
    }
    const all = addresses as LookupAddress[];
    const refused = all.find((a) => isPrivateAddress(a.address));
    if (refused) {
      callback(new PrivateAddressError(hostname, refused.address), '', 4);
      return;
    }
    if ((options as LookupOptions).all) {
      (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, all);
      return;
    }
    const first = all[0];
    if (!first) {
      callback(new Error(`${hostname} has no address`), '', 4);
      return;
    }
    callback(null, first.address, first.family);
  });
};
