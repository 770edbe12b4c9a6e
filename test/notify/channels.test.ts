// The real outbound channels against local servers: e-mail through nodemailer to an SMTP listener on the loopback
// interface, and a signed webhook post to an HTTP listener. No network beyond 127.0.0.1.
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/server/config';
import type { AppContext } from '../../src/server/context';
import { emailChannel, webhookChannel } from '../../src/server/notify/channels';
import { verifySignature } from '../../src/server/integrations/webhook.signature';

/** A minimal SMTP server: accepts one message and keeps its DATA. */
async function smtpServer() {
  const messages: string[] = [];
  const server = net.createServer((socket) => {
    socket.setEncoding('utf8');
    let data = false;
    let body = '';
    socket.write('220 localhost ESMTP test\r\n');
    socket.on('data', (chunk: string) => {
      if (data) {
        body += chunk;
        if (body.includes('\r\n.\r\n')) {
          messages.push(body.slice(0, body.indexOf('\r\n.\r\n')));
          data = false;
          body = '';
          socket.write('250 OK queued\r\n');
        }
        return;
      }
      for (const line of chunk.split('\r\n').filter(Boolean)) {
        const cmd = line.slice(0, 4).toUpperCase();
        if (cmd === 'EHLO' || cmd === 'HELO') socket.write('250-localhost\r\n250 8BITMIME\r\n');
        else if (cmd === 'DATA') {
          data = true;
          socket.write('354 go ahead\r\n');
        } else if (cmd === 'QUIT') socket.end('221 bye\r\n');
        else socket.write('250 OK\r\n');
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as AddressInfo).port, messages, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe('outbound channels', () => {
  it('is off without SMTP_URL, and sends e-mail through nodemailer when it is set', async () => {
    expect(emailChannel({ config: loadConfig({}) } as AppContext)).toBeNull();
    const smtp = await smtpServer();
    try {
      const ctx = { config: loadConfig({ SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, SMTP_FROM: 'Wangge <noreply@lvyuan.example>' }) } as AppContext;
      const mail = emailChannel(ctx)!;
      expect(emailChannel(ctx)).toBe(mail);
      await mail.send({ id: 1, channel: 'email', address: 'zhou.li@example.org', subject: '新派遣案件 220106-2026-000001', body: '井盖缺失，正阳街道。', payload: null, kind: 'caseDispatched', urgent: false });
      expect(smtp.messages).toHaveLength(1);
      expect(smtp.messages[0]).toMatch(/^To: zhou\.li@example\.org/m);
      expect(smtp.messages[0]).toMatch(/^From: Wangge <noreply@lvyuan\.example>/m);
      expect(smtp.messages[0]).toContain('Subject: =?UTF-8?');
    } finally {
      await smtp.close();
    }
  });

  it('posts a signed webhook and fails on a non-2xx answer', async () => {
    const got: { headers: http.IncomingHttpHeaders; body: string }[] = [];
    let status = 204;
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        got.push({ headers: req.headers, body });
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/robot`;
      const msg = { id: 2, channel: 'webhook' as const, address: url, subject: 't', body: 'b', payload: { kind: 'caseUrged', title: '督办' }, kind: 'caseUrged', urgent: false, secret: 'whsec_test' };
      await webhookChannel().send(msg);
      expect(JSON.parse(got[0].body)).toEqual({ kind: 'caseUrged', title: '督办' });
      expect(got[0].headers['x-wangge-event']).toBe('notification.caseUrged');
      expect(verifySignature('whsec_test', got[0].headers['x-wangge-signature'] as string, got[0].body, Math.floor(Date.now() / 1000))).toBe(true);
      status = 500;
      await expect(webhookChannel().send(msg)).rejects.toThrow('HTTP 500');
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
