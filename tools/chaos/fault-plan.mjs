/**
 * The chaos run's faults, in a seeded random order: `kills` SIGKILLs of each process, the broker stopped once
 * cleanly and once with SIGKILL, PostgreSQL away once.
 */

/** mulberry32 over a string seed: the same seed, the same plan. */
export function seededRandom(seed) {
  let h = 1779033703 ^ seed.length;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 3432918353);
  let a = (h << 13) | (h >>> 19);
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function planFaults({ processes, kills, random }) {
  const faults = [];
  for (const target of processes) for (let i = 0; i < kills; i++) faults.push({ kind: 'kill', target });
  faults.push({ kind: 'broker-stop', target: 'kafka' }, { kind: 'broker-kill', target: 'kafka' }, { kind: 'postgres-outage', target: 'postgres' });
  for (let i = faults.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [faults[i], faults[j]] = [faults[j], faults[i]];
  }
  return faults;
}
