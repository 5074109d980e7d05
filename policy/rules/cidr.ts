/**
 * IPv4 blocks, read once for the library (components/lib/cidr.ts, which turns a refused block
 * into an ArgumentError naming the argument) and the API rules (./api, which skip a block they
 * cannot read: AWS's own error names it).
 */
import * as ipaddr from "ipaddr.js";

/** An IPv4 block as numbers: `network` is the first address as an unsigned 32-bit integer. */
export interface Ipv4Block {
  readonly network: number;
  readonly prefixLength: number;
}

export function toNumber(addr: ipaddr.IPv4): number {
  return addr.toByteArray().reduce((n, byte) => n * 256 + byte, 0);
}

export function toAddress(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join(".");
}

export function blockSize(prefixLength: number): number {
  return 2 ** (32 - prefixLength);
}

/** A block, or why it is not one AWS reads as written. */
export type Ipv4BlockReading =
  | { readonly block: Ipv4Block }
  | { readonly problem: "not-a-block" }
  | { readonly problem: "host-bits"; readonly network: string; readonly prefixLength: number };

/**
 * Reads a canonical IPv4 CIDR block (`10.0.0.0/16`). Shorthand (`10/8`, `10.1/16`), octal-looking
 * octets and host bits are refused: AWS would either refuse them or read them differently.
 */
export function readIpv4Block(value: string): Ipv4BlockReading {
  const [address, prefix, ...rest] = value.split("/");
  if (
    rest.length > 0 ||
    prefix === undefined ||
    !/^\d{1,2}$/.test(prefix) ||
    !ipaddr.IPv4.isValidFourPartDecimal(address) ||
    !ipaddr.IPv4.isValidCIDR(value)
  ) {
    return { problem: "not-a-block" };
  }
  const block = { network: toNumber(ipaddr.IPv4.parse(address)), prefixLength: Number(prefix) };
  const network = ipaddr.IPv4.networkAddressFromCIDR(value).toString();
  return network === address
    ? { block }
    : { problem: "host-bits", network, prefixLength: block.prefixLength };
}

/** A value's block, when it is a canonical IPv4 block; undefined otherwise. */
export function ipv4BlockOf(value: unknown): Ipv4Block | undefined {
  const reading = typeof value === "string" ? readIpv4Block(value) : undefined;
  return reading !== undefined && "block" in reading ? reading.block : undefined;
}

/** True when `inner` lies wholly inside `outer`. */
export function blockContains(outer: Ipv4Block, inner: Ipv4Block): boolean {
  return (
    inner.prefixLength >= outer.prefixLength &&
    inner.network >= outer.network &&
    inner.network + blockSize(inner.prefixLength) <= outer.network + blockSize(outer.prefixLength)
  );
}

/** True when the two blocks share any address. */
export function blocksOverlap(a: Ipv4Block, b: Ipv4Block): boolean {
  return (
    a.network < b.network + blockSize(b.prefixLength) &&
    b.network < a.network + blockSize(a.prefixLength)
  );
}

/** An IPv6 block: its network address and prefix length. */
export interface Ipv6Block {
  readonly address: ipaddr.IPv6;
  readonly prefixLength: number;
}

/** A value's block, when it is an IPv6 CIDR block; undefined otherwise. */
export function ipv6BlockOf(value: unknown): Ipv6Block | undefined {
  if (typeof value !== "string" || !ipaddr.IPv6.isValidCIDR(value)) return undefined;
  const [address, prefixLength] = ipaddr.IPv6.parseCIDR(value);
  return { address, prefixLength };
}

/** True when `inner` lies wholly inside `outer`. */
export function ipv6BlockContains(outer: Ipv6Block, inner: Ipv6Block): boolean {
  return (
    inner.prefixLength >= outer.prefixLength &&
    inner.address.match(outer.address, outer.prefixLength)
  );
}

/** True when the two IPv6 blocks share any address (one holds the other). */
export function ipv6BlocksOverlap(a: Ipv6Block, b: Ipv6Block): boolean {
  return ipv6BlockContains(a, b) || ipv6BlockContains(b, a);
}
