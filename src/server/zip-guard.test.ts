// The zip guard lets real archives through and stops zip bombs, whether their headers are honest or lie.
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { assertZipWithinLimits } from './zip-guard';
import { buildZip, zipBomb } from '../../test/reliability/support/hostile';

const limits = { maxUnpackedBytes: 8 * 1024 * 1024, maxEntries: 10 };

describe('zip guard', () => {
  it('passes an ordinary archive', async () => {
    const zip = new JSZip();
    zip.file('grids.shp', Buffer.alloc(100_000, 7));
    zip.file('grids.dbf', 'code,name\n220106001001001,网格');
    await expect(assertZipWithinLimits(await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' }), limits)).resolves.toBeUndefined();
  });

  it('refuses an archive that declares more than the budget, before inflating it', async () => {
    await expect(assertZipWithinLimits(zipBomb(['grids.shp'], 16), limits)).rejects.toMatchObject({ code: 'ARCHIVE_TOO_LARGE' });
  });

  it('refuses an entry that inflates past what its header declares', async () => {
    await expect(assertZipWithinLimits(zipBomb(['grids.shp'], 4, true), limits)).rejects.toMatchObject({ code: 'ARCHIVE_TOO_LARGE' });
  });

  it('counts the budget over all entries', async () => {
    const three = buildZip(['a', 'b', 'c'].map((name) => ({ name, data: { zeros: 3 * 1024 * 1024 } })));
    await expect(assertZipWithinLimits(three, limits)).rejects.toMatchObject({ code: 'ARCHIVE_TOO_LARGE' });
    await expect(assertZipWithinLimits(buildZip(['a', 'b'].map((name) => ({ name, data: { zeros: 3 * 1024 * 1024 } }))), limits)).resolves.toBeUndefined();
  });

  it('refuses too many entries and damaged directories', async () => {
    await expect(assertZipWithinLimits(buildZip(Array.from({ length: 11 }, (_, i) => ({ name: `f${i}`, data: Buffer.from('x') }))), limits)).rejects.toMatchObject({ code: 'ARCHIVE_TOO_LARGE' });
    await expect(assertZipWithinLimits(Buffer.from('PK\x03\x04 not really a zip'), limits)).rejects.toMatchObject({ code: 'ARCHIVE_INVALID' });
  });
});
