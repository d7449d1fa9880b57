/**
 * The IANA time zones the browser knows (`Intl.supportedValuesOf('timeZone')`), with `UTC` first
 * and the clinic's current zone always present, even where the browser lists it under another name.
 */
export function timeZoneOptions(
  current: string,
  supported: () => readonly string[] = supportedTimeZones,
): string[] {
  const zones = new Set<string>(['UTC']);
  for (const zone of supported()) {
    zones.add(zone);
  }
  if (current) {
    zones.add(current);
  }
  const [utc, ...rest] = [...zones];
  return [utc ?? 'UTC', ...rest.sort((a, b) => a.localeCompare(b))];
}

function supportedTimeZones(): readonly string[] {
  return typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
}
