import { parseLoadOptions } from './load-options';

describe('parseLoadOptions', () => {
  it('defaults, then flags in both spellings', () => {
    expect(parseLoadOptions([], {})).toMatchObject({ target: 'http://127.0.0.1:3003/webhooks/carriers', carrierCode: 'sim-post', events: 10_000, shipments: 100, concurrency: 8, batch: 100 });
    expect(parseLoadOptions(['--events', '500', '--shipments=5', '--carrier', 'sim-track', '--target', 'http://h:1/x/'], {})).toMatchObject({ events: 500, shipments: 5, carrierCode: 'sim-track', target: 'http://h:1/x' });
    expect(parseLoadOptions([], { SIM_WEBHOOK_TARGET: 'http://gw:8080/v1/webhooks/carriers' }).target).toBe('http://gw:8080/v1/webhooks/carriers');
  });

  it.each([
    [['--events', '0'], '--events must be a positive integer'],
    [['--events'], '--events needs a value'],
    [['--nope', '1'], 'unknown option --nope'],
    [['--carrier', 'sim-poll'], 'is polled'],
    [['--carrier', 'ups'], 'not a simulated carrier'],
    [['--events', '10', '--shipments', '20'], '--shipments must not exceed --events'],
    [['--batch', '501'], 'at most 500'],
    [['--target', 'ftp://x'], 'http(s) URL'],
  ])('%j is refused: %s', (argv, message) => {
    expect(() => parseLoadOptions(argv, {})).toThrow(message);
  });
});
