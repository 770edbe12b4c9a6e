// The embedded data directory is owned by one process; stale locks are taken over.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataDirLockedError, lockDataDir } from './data-lock';

describe('lockDataDir', () => {
  it('refuses a directory locked by a live process and releases its own lock', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wg-lock-'));
    fs.writeFileSync(path.join(dir, 'wangge.lock'), `${process.ppid}\n`); // the parent is alive
    expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
    fs.unlinkSync(path.join(dir, 'wangge.lock'));
    const release = lockDataDir(dir);
    expect(fs.readFileSync(path.join(dir, 'wangge.lock'), 'utf8').trim()).toBe(String(process.pid));
    release();
    expect(fs.existsSync(path.join(dir, 'wangge.lock'))).toBe(false);
  });

  it('takes over a stale lock whose process is gone', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wg-lock-'));
    fs.writeFileSync(path.join(dir, 'wangge.lock'), '999999999\n');
    const release = lockDataDir(dir);
    expect(fs.readFileSync(path.join(dir, 'wangge.lock'), 'utf8').trim()).toBe(String(process.pid));
    release();
  });
});
