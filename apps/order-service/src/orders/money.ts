/** Decimal money strings ("12.50") as integer minor units, so totals never meet floating point. */
export function toCents(amount: string): bigint {
  const m = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(amount);
  if (!m) throw new Error(`not a money amount: ${amount}`);
  return BigInt(m[1]) * 100n + BigInt((m[2] ?? '').padEnd(2, '0'));
}

export function fromCents(cents: bigint): string {
  const whole = cents / 100n;
  const frac = (cents % 100n).toString().padStart(2, '0');
  return `${whole}.${frac}`;
}
