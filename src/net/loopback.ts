/**
 * Loopback hosts: the only ones plain http:// is allowed for. Traffic to them never
 * leaves the machine, so there is nothing to intercept (local mirrors, test servers).
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  if (host === "localhost" || host === "[::1]" || host === "::1") return true;
  const octets = host.split(".");
  return octets.length === 4 && octets[0] === "127" && octets.every((octet) => /^\d{1,3}$/.test(octet) && Number(octet) <= 255);
}
