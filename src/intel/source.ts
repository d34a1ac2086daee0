/**
 * Opening a publisher's file as a byte stream: a plain file, or the first `.xml` entry of a zip
 * (OFAC now serves SDN_ADVANCED.ZIP). Zips are recognised by their magic bytes, not the file name,
 * so a download saved under a temporary name still opens.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { IntelFileError } from './errors.js';

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

export async function isZipFile(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(4);
    const { bytesRead } = await handle.read(head, 0, 4, 0);
    return bytesRead === 4 && head.equals(ZIP_MAGIC);
  } finally {
    await handle.close();
  }
}

/** The file's bytes, or for a zip the bytes of its first entry whose name ends in `.xml`. */
export async function openXmlFile(path: string): Promise<Readable> {
  if (!(await isZipFile(path))) return createReadStream(path);
  return openFirstXmlEntry(path);
}

function openFirstXmlEntry(path: string): Promise<Readable> {
  return new Promise((resolve, reject) => {
    // lazyEntries: read the central directory one entry at a time, never all entries' data.
    yauzl.open(path, { lazyEntries: true, autoClose: true }, (openError, zip) => {
      if (openError || !zip) {
        reject(
          new IntelFileError(
            path,
            'this zip file cannot be opened',
            'Download the file again; it may be truncated.',
            {
              cause: openError,
            },
          ),
        );
        return;
      }
      let found = false;
      zip.on('error', reject);
      zip.on('entry', (entry: yauzl.Entry) => {
        if (!/\.xml$/i.test(entry.fileName)) {
          zip.readEntry();
          return;
        }
        found = true;
        zip.openReadStream(entry, (streamError, stream) => {
          // No further entries are read, so 'end' never fires to auto-close: close now; yauzl keeps
          // the file open until this entry's stream has ended.
          zip.close();
          if (streamError || !stream)
            reject(streamError ?? new Error(`cannot read ${entry.fileName} in ${path}`));
          else resolve(stream);
        });
      });
      zip.on('end', () => {
        if (!found) {
          reject(
            new IntelFileError(
              path,
              'this zip file holds no .xml file',
              'Use OFAC’s SDN_ADVANCED.ZIP or the unzipped sdn_advanced.xml / sdn.xml.',
            ),
          );
        }
      });
      zip.readEntry();
    });
  });
}
