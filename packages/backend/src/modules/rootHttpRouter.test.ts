import express from 'express';
import request from 'supertest';
import { stripErrorStacks } from './rootHttpRouter';

describe('stripErrorStacks', () => {
  const app = express();
  app.use(stripErrorStacks);
  app.get('/error', (_req, res) => {
    res.status(401).json({
      error: {
        name: 'AuthenticationError',
        message: 'Missing credentials',
        stack: 'at secret/path.ts:1',
      },
      response: { statusCode: 401 },
    });
  });
  app.get('/ok', (_req, res) => {
    res.json({ items: [{ stack: 'kept: not an error body' }] });
  });

  it('removes stack traces from error bodies and keeps the rest', async () => {
    const res = await request(app).get('/error');
    expect(res.status).toBe(401);
    expect(res.body).toEqual({
      error: { name: 'AuthenticationError', message: 'Missing credentials' },
      response: { statusCode: 401 },
    });
  });

  it('leaves other bodies alone', async () => {
    const res = await request(app).get('/ok');
    expect(res.body).toEqual({ items: [{ stack: 'kept: not an error body' }] });
  });
});
