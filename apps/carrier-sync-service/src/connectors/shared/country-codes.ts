/**
 * ISO 3166-1 alpha-3 → alpha-2 for the countries the aggregator-style push reports in alpha-3 (AfterShip's
 * `country_iso3`). A country outside the table drops the location's country (the event keeps its city in
 * the description only): better no country than a wrong one.
 */
export const ALPHA3_TO_ALPHA2: Readonly<Record<string, string>> = Object.freeze({
  ARE: 'AE', AUS: 'AU', AUT: 'AT', BEL: 'BE', BRA: 'BR', CAN: 'CA', CHE: 'CH', CHN: 'CN', CZE: 'CZ', DEU: 'DE',
  DNK: 'DK', ESP: 'ES', FIN: 'FI', FRA: 'FR', GBR: 'GB', HKG: 'HK', IDN: 'ID', IND: 'IN', IRL: 'IE', ITA: 'IT',
  JPN: 'JP', KOR: 'KR', MEX: 'MX', MYS: 'MY', NLD: 'NL', NOR: 'NO', NZL: 'NZ', PHL: 'PH', POL: 'PL', PRT: 'PT',
  SAU: 'SA', SGP: 'SG', SWE: 'SE', THA: 'TH', TUR: 'TR', TWN: 'TW', USA: 'US', VNM: 'VN', ZAF: 'ZA',
});
