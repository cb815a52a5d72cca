import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';
import { envInt } from './env-int.ts';

describe('integer settings from the environment', () => {
  it('takes the default when unset or blank, and reads a value with spaces around it', () => {
    expect(envInt({}, 'HALE_X', 15, 0, 60)).toBe(15);
    expect(envInt({ HALE_X: '' }, 'HALE_X', 15, 0, 60)).toBe(15);
    expect(envInt({ HALE_X: '   ' }, 'HALE_X', 15, 0, 60)).toBe(15);
    expect(envInt({ HALE_X: ' 7 ' }, 'HALE_X', 15, 0, 60)).toBe(7);
  });

  it('refuses anything but an integer in range, naming the variable and the range', () => {
    expect(() => envInt({ HALE_X: 'ten' }, 'HALE_X', 15, 0, 60)).toThrow('Invalid HALE_X="ten": expected an integer from 0 to 60');
    expect(() => envInt({ HALE_X: '2.5' }, 'HALE_X', 15, 0, 60)).toThrow(/HALE_X/);
    expect(() => envInt({ HALE_X: '61' }, 'HALE_X', 15, 0, 60)).toThrow(/from 0 to 60/);
  });

  it('reads the server and scheduling settings the same way', () => {
    const config = loadConfig({ HALE_DB_POOL_MAX: '  ', HALE_NO_SHOW_GRACE_MIN: '   ', PORT: ' 9090 ' });
    expect(config.dbPoolMax).toBe(20);
    expect(config.port).toBe(9090);
    expect(config.scheduling.noShowGraceMinutes).toBe(15);
  });
});
