import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { flushLogs, logger, setLogLevel } from './logger.js';

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('logger', () => {
  let out: jest.SpiedFunction<typeof process.stdout.write>;
  let err: jest.SpiedFunction<typeof process.stderr.write>;

  beforeEach(() => {
    setLogLevel('info');
    out = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    err = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });

  afterEach(() => {
    out.mockRestore();
    err.mockRestore();
    setLogLevel('silent');
  });

  it('writes the info lines of one turn of the event loop together, in order', async () => {
    logger.info('first', { n: 1 });
    logger.info('second', { n: 2 });
    expect(out).not.toHaveBeenCalled();
    await nextTurn();
    expect(out).toHaveBeenCalledTimes(1);
    const lines = String(out.mock.calls[0][0])
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as object);
    expect(lines).toEqual([
      expect.objectContaining({ level: 'info', msg: 'first', n: 1 }),
      expect.objectContaining({ level: 'info', msg: 'second', n: 2 }),
    ]);
  });

  it('writes warnings and errors at once', () => {
    logger.warn('careful');
    logger.error('broken');
    expect(err).toHaveBeenCalledTimes(2);
    expect(String(err.mock.calls[1][0])).toContain('"msg":"broken"');
  });

  it('writes pending lines when the process exits, before any later turn', () => {
    logger.info('last words');
    expect(process.listeners('exit')).toContain(flushLogs);
    flushLogs();
    expect(out).toHaveBeenCalledTimes(1);
    expect(String(out.mock.calls[0][0])).toContain('"msg":"last words"');
  });

  it('drops lines below the level', async () => {
    logger.debug('chatter');
    await nextTurn();
    expect(out).not.toHaveBeenCalled();
  });
});
