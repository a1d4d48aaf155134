/** The designated postal operator behind a UPU S10 country suffix. */
export interface PostalOperator {
  countryCode: string;
  name: string;
}

const OPERATORS: Readonly<Record<string, string>> = {
  AE: 'Emirates Post',
  AR: 'Correo Argentino',
  AT: 'Österreichische Post',
  AU: 'Australia Post',
  BE: 'bpost',
  BR: 'Correios',
  CA: 'Canada Post',
  CH: 'Swiss Post',
  CN: 'China Post',
  CZ: 'Česká pošta',
  DE: 'Deutsche Post',
  DK: 'PostNord Danmark',
  ES: 'Correos',
  FI: 'Posti',
  FR: 'La Poste',
  GB: 'Royal Mail',
  GR: 'ELTA Hellenic Post',
  HK: 'Hongkong Post',
  ID: 'Pos Indonesia',
  IE: 'An Post',
  IL: 'Israel Post',
  IN: 'India Post',
  IT: 'Poste Italiane',
  JP: 'Japan Post',
  KR: 'Korea Post',
  MX: 'Correos de México',
  MY: 'Pos Malaysia',
  NL: 'PostNL',
  NO: 'Posten Norge',
  NZ: 'NZ Post',
  PH: 'PHLPost',
  PL: 'Poczta Polska',
  PT: 'CTT Correios de Portugal',
  RU: 'Russian Post',
  SA: 'Saudi Post (SPL)',
  SE: 'PostNord Sverige',
  SG: 'Singapore Post',
  TH: 'Thailand Post',
  TR: 'PTT',
  TW: 'Chunghwa Post',
  UA: 'Ukrposhta',
  US: 'United States Postal Service',
  VN: 'Vietnam Post',
  ZA: 'South African Post Office',
};

export const POSTAL_OPERATORS: readonly PostalOperator[] = Object.entries(OPERATORS).map(([countryCode, name]) => ({
  countryCode,
  name,
}));

/** The postal operator of a country, or undefined when the table does not name one. */
export function findPostalOperator(countryCode: string): PostalOperator | undefined {
  const name = OPERATORS[countryCode.toUpperCase()];
  return name === undefined ? undefined : { countryCode: countryCode.toUpperCase(), name };
}
