/**
 * ISO-8601 in a carrier's local time with its UTC offset (`2026-11-20T22:15:00.123+08:00`): carriers report
 * local times, and the platform keeps the offset as sent (SPEC §3).
 */
export function formatLocalTime(epochMs: number, utcOffsetMinutes: number): string {
  const shifted = new Date(epochMs + utcOffsetMinutes * 60_000).toISOString(); // the wall clock there, spelled as UTC
  const sign = utcOffsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(utcOffsetMinutes);
  const offset = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${shifted.slice(0, -1)}${offset}`;
}
