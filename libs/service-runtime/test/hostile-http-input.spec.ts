import { Body, Controller, Get, HttpCode, Module, Param, Post, Query, type INestApplication } from '@nestjs/common';
import { IsArray, IsOptional, IsString, MaxLength } from 'class-validator';
import { json, raw } from 'express';
import { connect } from 'node:net';
import { createServiceApp, startService } from '../src';

class ThingBody {
  @IsString()
  @MaxLength(50)
  name!: string;

  @IsOptional()
  @IsArray()
  tags?: unknown[];
}

@Controller('things')
class ThingsController {
  @Post()
  @HttpCode(201)
  create(@Body() body: ThingBody) {
    return { name: body.name };
  }

  @Get(':id')
  one(@Param('id') id: string) {
    return { id };
  }

  /** a raw body (Buffer), as carrier-sync's signed webhooks take it: its bytes are not walked */
  @Post('raw')
  @HttpCode(202)
  raw(@Body() body: Buffer) {
    return { bytes: body.length };
  }

  @Get()
  search(@Query('q') q?: string) {
    return { q: q ?? null };
  }
}

@Module({ controllers: [ThingsController] })
class ThingsModule {}

const PORT = 13_951;

/** Raw bytes on a socket, for what an HTTP client library refuses to send; resolves with the whole answer. */
function rawSocket(bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(PORT, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (c) => chunks.push(c));
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.on('error', reject);
    socket.end(bytes);
  });
}

function problemOf(answer: string): { status: number; contentType: string; body: Record<string, unknown> } {
  const [head, body] = answer.split('\r\n\r\n');
  return { status: Number(head.split(' ')[1]), contentType: /content-type: ([^\r\n]+)/i.exec(head)?.[1] ?? '', body: JSON.parse(body) as Record<string, unknown> };
}

/**
 * Inputs `npm run fuzz` found answered with a 500 or with a bare, body-less error (issue 9): the platform's
 * HTTP set-up (createServiceApp + startService) must answer each with a 4xx RFC 9457 problem, and keep serving.
 */
describe('hostile HTTP input is a 4xx problem, never a 500 or a bare answer (real HTTP server)', () => {
  let app: INestApplication;
  const base = `http://127.0.0.1:${PORT}`;
  const post = (body: string | Buffer, headers: Record<string, string> = { 'content-type': 'application/json' }) => fetch(`${base}/things`, { method: 'POST', headers, body });

  beforeAll(async () => {
    app = await createServiceApp(ThingsModule, {
      name: 'hostile-input-test',
      port: PORT,
      logLevel: 'fatal',
      consumeEvents: false,
      bodyParser: false,
      configure: (a) => {
        a.use('/things/raw', raw({ type: () => true, limit: '5mb' }));
        a.use(json());
      },
    });
    await startService(app, { name: 'hostile-input-test', port: PORT });
  });

  afterAll(async () => {
    await app?.close();
  });

  const expectProblem = async (res: Response, status: number) => {
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ type: 'about:blank', status });
    expect(typeof body['title']).toBe('string');
    return body;
  };

  it('still takes a valid body (the control), and a raw 4 MB body without walking its bytes', async () => {
    const res = await post(JSON.stringify({ name: 'kettle', tags: ['a'] }));
    expect(res.status).toBe(201);
    const started = Date.now();
    const big = await fetch(`${base}/things/raw`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: Buffer.alloc(4 * 1024 * 1024, 0) });
    expect(await big.json()).toEqual({ bytes: 4 * 1024 * 1024 });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('answers a body the parser cannot read with its 4xx, not a 500', async () => {
    const latin1 = await expectProblem(await post('{"name":"x"}', { 'content-type': 'application/json; charset=latin1' }), 415);
    expect(latin1['detail']).toBe('The body must be UTF-8 JSON.');
    await expectProblem(await post('{"name":"x"}', { 'content-type': 'application/json', 'content-encoding': 'gzip' }), 400);
    await expectProblem(await post('{"name":"x"}', { 'content-type': 'application/json', 'content-encoding': 'compress' }), 415);
    await expectProblem(await post('null'), 400);
  });

  it('refuses nesting deeper than 32 levels before class-transformer recurses into it', async () => {
    const body = await expectProblem(await post(`${'['.repeat(5000)}${']'.repeat(5000)}`), 400);
    expect(body['errors']).toEqual([{ field: '0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0', message: 'nested deeper than 32 levels' }]);
    await expectProblem(await post(JSON.stringify({ name: 'x', tags: JSON.parse(`${'['.repeat(40)}${']'.repeat(40)}`) as unknown[] })), 400);
    expect((await post(JSON.stringify({ name: 'x', tags: JSON.parse(`${'['.repeat(20)}${']'.repeat(20)}`) as unknown[] }))).status).toBe(201);
  });

  it('refuses NUL characters in a path parameter, a query and a body (PostgreSQL text cannot hold them)', async () => {
    expect((await expectProblem(await fetch(`${base}/things/a%00b`), 400))['errors']).toEqual([{ field: 'id', message: 'id must not contain NUL characters' }]);
    expect((await expectProblem(await fetch(`${base}/things?q=%00`), 400))['errors']).toEqual([{ field: 'q', message: 'q must not contain NUL characters' }]);
    expect((await expectProblem(await post(JSON.stringify({ name: 'ke\u0000ttle' })), 400))['errors']).toEqual([{ field: 'name', message: 'name must not contain NUL characters' }]);
    expect((await expectProblem(await post('{"name":"x","tags":[{"a\\u0000":1}]}'), 400))['errors']).toEqual([{ field: 'tags.0.a\\u0000', message: 'property names must not contain NUL characters' }]);
    expect((await fetch(`${base}/things/ab`)).status).toBe(200);
  });

  it('refuses __proto__, constructor and prototype keys like any other unknown property (class-transformer would drop them silently)', async () => {
    const body = await expectProblem(await post('{"name":"x","__proto__":{"admin":true}}'), 400);
    expect(body['errors']).toEqual([{ field: '__proto__', message: 'property __proto__ should not exist' }]);
    const nested = await expectProblem(await post('{"name":"x","constructor":{"prototype":{"admin":true}}}'), 400);
    expect(nested['errors']).toEqual(expect.arrayContaining([{ field: 'constructor', message: 'property constructor should not exist' }, { field: 'constructor.prototype', message: 'property prototype should not exist' }]));
  });

  it("answers what Node's HTTP parser refuses, and CONNECT, as problems instead of bare answers", async () => {
    const oversized = problemOf(await rawSocket(`GET /things HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`));
    expect(oversized).toMatchObject({ status: 431, contentType: 'application/problem+json', body: { status: 431, title: 'Request Header Fields Too Large' } });
    // to a HEAD, the same answer without its body (a body would be read as garbage after the headers)
    const head = await rawSocket(`HEAD /things?q=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
    expect(head).toMatch(/^HTTP\/1\.1 431 [^\r]*\r\nContent-Type: application\/problem\+json\r\nContent-Length: \d+\r\nConnection: close\r\n\r\n$/);
    for (const bytes of ['HELLO\r\n\r\n', 'GET /things HTTP/9.9\r\nHost: x\r\n\r\n', 'GET /things/a b HTTP/1.1\r\nHost: x\r\n\r\n', 'POST /things HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n']) {
      expect(problemOf(await rawSocket(bytes))).toMatchObject({ status: 400, contentType: 'application/problem+json', body: { status: 400, title: 'Bad Request' } });
    }
    expect(problemOf(await rawSocket('CONNECT 127.0.0.1:5432 HTTP/1.1\r\nHost: 127.0.0.1:5432\r\n\r\n'))).toMatchObject({ status: 405, body: { detail: 'CONNECT is not supported.' } });
    expect(problemOf(await rawSocket('GET /things/x HTTP/1.1\r\n\r\n'))).toMatchObject({ status: 400, contentType: 'application/problem+json', body: { detail: 'An HTTP/1.1 request needs a Host header.' } });
    expect(await rawSocket('GET /things/x HTTP/1.0\r\n\r\n')).toMatch(/^HTTP\/1\.1 200 /); // HTTP/1.0 has no Host requirement
    expect((await fetch(`${base}/things/still-serving`)).status).toBe(200);
  });
});
