/**
 * A failure of the platform around a message (database or broker unreachable), not of the message itself:
 * the consumer waits and tries the same messages again instead of sending them to a retry topic.
 */
export class InfrastructureError extends Error {
  constructor(message: string, override readonly cause?: unknown) {
    super(message);
    this.name = 'InfrastructureError';
  }
}

const TRANSIENT_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH']);
// SQLSTATE classes: 08 connection exception, 53 insufficient resources, 57P operator intervention
// (admin shutdown, cannot connect now), 58 system error; 40001 serialization failure, 40P01 deadlock
const TRANSIENT_SQLSTATE = /^(08|53|57P|58)|^40001$|^40P01$/;
const TRANSIENT_MESSAGE = /Connection terminated|connection error|timeout exceeded when trying to connect|Connection is not established|terminating connection/i;

export function isTransientInfrastructureError(error: unknown): boolean {
  if (error instanceof InfrastructureError) return true;
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { code?: unknown; driverError?: { code?: unknown }; message?: unknown };
  const code = e.code ?? e.driverError?.code;
  if (typeof code === 'string' && (TRANSIENT_NODE_CODES.has(code) || TRANSIENT_SQLSTATE.test(code))) return true;
  return typeof e.message === 'string' && TRANSIENT_MESSAGE.test(e.message);
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`.slice(0, 2000);
  return String(error).slice(0, 2000);
}
