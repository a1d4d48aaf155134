import { CircuitBreaker, CircuitBreakers, CircuitOpenError } from './circuit-breaker';

describe('CircuitBreaker', () => {
  let t = 0;
  const breaker = () => new CircuitBreaker({ failureThreshold: 3, openMs: 1000, now: () => t });
  beforeEach(() => (t = 0));

  it('stays closed below the threshold; a success resets the count', () => {
    const b = breaker();
    b.onFailure();
    b.onFailure();
    b.onSuccess();
    b.onFailure();
    b.onFailure();
    expect(b.state).toBe('CLOSED');
    expect(b.tryAcquire()).toBe(true);
  });

  it('opens at the threshold and refuses calls until openMs passed', () => {
    const b = breaker();
    for (let i = 0; i < 3; i++) b.onFailure();
    expect(b.state).toBe('OPEN');
    expect(b.tryAcquire()).toBe(false);
    expect(b.retryAt).toBe(1000);
    t = 999;
    expect(b.tryAcquire()).toBe(false);
  });

  it('half-opens after openMs with exactly one trial; success closes it', () => {
    const b = breaker();
    for (let i = 0; i < 3; i++) b.onFailure();
    t = 1000;
    expect(b.state).toBe('HALF_OPEN');
    expect(b.tryAcquire()).toBe(true);
    expect(b.tryAcquire()).toBe(false); // one trial at a time
    b.onSuccess();
    expect(b.state).toBe('CLOSED');
    expect(b.tryAcquire()).toBe(true);
  });

  it('a failed trial opens it again for another openMs', () => {
    const b = breaker();
    for (let i = 0; i < 3; i++) b.onFailure();
    t = 1500;
    expect(b.tryAcquire()).toBe(true);
    b.onFailure();
    expect(b.state).toBe('OPEN');
    t = 2499;
    expect(b.tryAcquire()).toBe(false);
    t = 2500;
    expect(b.tryAcquire()).toBe(true);
  });

  it('keeps one breaker per carrier and refuses without calling when open', async () => {
    const breakers = new CircuitBreakers({ failureThreshold: 1, openMs: 1000, now: () => t });
    const failing = jest.fn(() => Promise.reject(new Error('503')));
    await expect(breakers.run('sim-post', failing)).rejects.toThrow('503');
    await expect(breakers.run('sim-post', failing)).rejects.toBeInstanceOf(CircuitOpenError);
    expect(failing).toHaveBeenCalledTimes(1);
    await expect(breakers.run('sim-track', () => Promise.resolve('ok'))).resolves.toBe('ok');
    expect(breakers.states()).toEqual({ 'sim-post': 'OPEN', 'sim-track': 'CLOSED' });
  });

  it('does not count errors the caller says are not the carrier\'s failure', async () => {
    const breakers = new CircuitBreakers({ failureThreshold: 1, openMs: 1000, now: () => t });
    await expect(breakers.run('sim-post', () => Promise.reject(new Error('422')), () => false)).rejects.toThrow('422');
    expect(breakers.of('sim-post').state).toBe('CLOSED');
  });
});
