import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * Requests Node's HTTP parser refuses before any route sees them — a request line or header it cannot parse,
 * headers over the size limit, a chunked body with a bad chunk size, Content-Length and Transfer-Encoding
 * together — and CONNECT, which a plain server does not serve, and an HTTP/1.1 request without a Host header.
 * Node's default answers are bare (no body, no content type; CONNECT: the connection is dropped); these are
 * RFC 9457 problems like every other error.
 */
const STATUS_OF: Record<string, [number, string, string]> = {
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large', 'The request line or headers are too large.'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout', 'The request did not arrive in time.'],
  ERR_HTTP_HEADERS_TIMEOUT: [408, 'Request Timeout', 'The request headers did not arrive in time.'],
};
const BAD_REQUEST: [number, string, string] = [400, 'Bad Request', 'The request is not valid HTTP.'];

/** The raw answer; a HEAD request gets the headers only (a body after them would break the client's framing). */
export function problemResponse(status: number, title: string, detail: string, head = false): string {
  const body = JSON.stringify({ type: 'about:blank', title, status, detail });
  return `HTTP/1.1 ${status} ${title}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${head ? '' : body}`;
}

export function answerHttpLayerErrorsAsProblems(server: Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket: Duplex) => {
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const [status, title, detail] = STATUS_OF[err.code ?? ''] ?? BAD_REQUEST;
    // the request line, when the refused bytes start with it, says whether this was a HEAD
    const head = err.rawPacket?.subarray(0, 5).toString('latin1') === 'HEAD ';
    socket.end(problemResponse(status, title, detail, head));
  });
  server.on('connect', (_req: unknown, socket: Duplex) => {
    socket.end(problemResponse(405, 'Method Not Allowed', 'CONNECT is not supported.'));
  });
}

/**
 * HTTP/1.1 requires a Host header (RFC 9112 §3.2): Node answers a request without one with a bare 400 before
 * any middleware. The check moves here (first middleware), with a problem body.
 */
export function hostHeaderRequired(server: Server & { requireHostHeader?: boolean }) {
  server.requireHostHeader = false;
  return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    if (req.httpVersion === '1.1' && req.headers.host === undefined) {
      const body = JSON.stringify({ type: 'about:blank', title: 'Bad Request', status: 400, detail: 'An HTTP/1.1 request needs a Host header.' });
      res.writeHead(400, { 'content-type': 'application/problem+json', 'content-length': Buffer.byteLength(body), connection: 'close' }).end(body);
      return;
    }
    next();
  };
}
