/**
 * Where simulated parcels go: per country a few cities (with a fixed UTC offset: the simulator ignores
 * daylight saving), the international gateway (export / import exchange office) and the duty currency.
 * Only cities, regions, countries and facility names — never a street (SPEC §3 Privacy).
 */
export interface Place {
  city: string;
  region?: string;
  countryCode: string;
  facility?: string;
  /** minutes east of UTC, for the carrier's local timestamps */
  utcOffsetMinutes: number;
}

export interface CountryPlaces {
  countryCode: string;
  /** ISO 3166-1 alpha-3 (the aggregator style reports it) */
  alpha3: string;
  /** the currency import duties are charged in */
  currency: string;
  cities: readonly Omit<Place, 'countryCode' | 'facility'>[];
  /** international exchange office: export from here, import through here */
  gateway: Omit<Place, 'countryCode'>;
}

const country = (
  countryCode: string,
  alpha3: string,
  currency: string,
  utcOffsetMinutes: number,
  cities: readonly (string | [string, string])[],
  gateway: [city: string, facility: string],
): CountryPlaces => ({
  countryCode,
  alpha3,
  currency,
  cities: cities.map((c) => (typeof c === 'string' ? { city: c, utcOffsetMinutes } : { city: c[0], region: c[1], utcOffsetMinutes })),
  gateway: { city: gateway[0], facility: gateway[1], utcOffsetMinutes },
});

export const COUNTRIES: readonly CountryPlaces[] = [
  country('CN', 'CHN', 'CNY', 480, [['Shenzhen', 'Guangdong'], ['Guangzhou', 'Guangdong'], 'Shanghai', ['Yiwu', 'Zhejiang']], ['Shenzhen', 'SZX International Mail Centre']),
  country('HK', 'HKG', 'HKD', 480, ['Hong Kong', 'Kowloon'], ['Hong Kong', 'Air Mail Centre HKIA']),
  country('JP', 'JPN', 'JPY', 540, ['Tokyo', 'Osaka', 'Nagoya'], ['Tokyo', 'Kawasaki Port International Office']),
  country('KR', 'KOR', 'KRW', 540, ['Seoul', 'Busan', 'Incheon'], ['Incheon', 'Incheon International Mail Centre']),
  country('SG', 'SGP', 'SGD', 480, ['Singapore'], ['Singapore', 'Singapore Post Centre']),
  country('IN', 'IND', 'INR', 330, [['Mumbai', 'Maharashtra'], ['Delhi', 'Delhi'], ['Bengaluru', 'Karnataka']], ['Mumbai', 'Mumbai Foreign Post Office']),
  country('AU', 'AUS', 'AUD', 600, [['Sydney', 'NSW'], ['Melbourne', 'VIC'], ['Brisbane', 'QLD']], ['Sydney', 'Sydney Gateway Facility']),
  country('GB', 'GBR', 'GBP', 0, ['London', ['Manchester', 'Greater Manchester'], 'Birmingham', 'Leeds'], ['Coventry', 'Coventry International Hub']),
  country('IE', 'IRL', 'EUR', 0, ['Dublin', 'Cork'], ['Dublin', 'Dublin Mail Centre']),
  country('PT', 'PRT', 'EUR', 0, ['Lisbon', 'Porto'], ['Lisbon', 'Lisbon International Mail Centre']),
  country('DE', 'DEU', 'EUR', 60, ['Berlin', ['Munich', 'Bavaria'], 'Hamburg', 'Cologne'], ['Frankfurt', 'Frankfurt International Mail Centre']),
  country('NL', 'NLD', 'EUR', 60, ['Amsterdam', 'Rotterdam', 'Utrecht'], ['Amsterdam', 'Schiphol International Mail Hub']),
  country('FR', 'FRA', 'EUR', 60, ['Paris', 'Lyon', 'Marseille'], ['Roissy', 'Roissy CDG International Hub']),
  country('ES', 'ESP', 'EUR', 60, ['Madrid', 'Barcelona', 'Valencia'], ['Madrid', 'Madrid Barajas International Office']),
  country('IT', 'ITA', 'EUR', 60, ['Milan', 'Rome', 'Turin'], ['Milan', 'Milan Linate International Centre']),
  country('PL', 'POL', 'PLN', 60, ['Warsaw', 'Krakow', 'Gdansk'], ['Warsaw', 'Warsaw International Exchange']),
  country('SE', 'SWE', 'SEK', 60, ['Stockholm', 'Gothenburg', 'Malmo'], ['Stockholm', 'Arlanda Exchange Office']),
  country('US', 'USA', 'USD', -300, [['New York', 'NY'], ['Newark', 'NJ'], ['Chicago', 'IL'], ['Miami', 'FL']], ['Jamaica', 'JFK International Service Center']),
  country('CA', 'CAN', 'CAD', -300, [['Toronto', 'ON'], ['Montreal', 'QC'], ['Ottawa', 'ON']], ['Mississauga', 'Toronto Gateway']),
  country('MX', 'MEX', 'MXN', -360, ['Mexico City', 'Guadalajara', 'Monterrey'], ['Mexico City', 'Mexico City International Office']),
  country('BR', 'BRA', 'BRL', -180, [['Sao Paulo', 'SP'], ['Rio de Janeiro', 'RJ'], ['Curitiba', 'PR']], ['Curitiba', 'Curitiba International Exchange']),
];

const BY_CODE = new Map(COUNTRIES.map((c) => [c.countryCode, c]));

/**
 * The places of a country; a country outside the table gets a generic gateway (UTC, no city of its own):
 * journeys to anywhere still work, only less colourfully.
 */
export function placesOf(countryCode: string): CountryPlaces {
  return (
    BY_CODE.get(countryCode) ?? {
      countryCode,
      alpha3: '',
      currency: 'USD',
      cities: [{ city: `${countryCode} Central`, utcOffsetMinutes: 0 }],
      gateway: { city: `${countryCode} Gateway`, facility: `${countryCode} International Exchange Office`, utcOffsetMinutes: 0 },
    }
  );
}

export function alpha3Of(countryCode: string): string | undefined {
  return BY_CODE.get(countryCode)?.alpha3 || undefined;
}
